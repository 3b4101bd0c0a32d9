"""Skill exchanges (技能互换): who can help with a request, who needs what is offered.

score = w·fit + w·nearness + w·trust + w·reciprocity − w·load
- fit: offers the skill 1; declares it 0.6 + 0.08·level; a related skill 0.6·similarity
  (for an offer: needs it 1, needs a related skill 0.6·similarity);
- nearness: same building 1, same compound 0.5;
- trust: their tie's weight, mutual acquaintances, ratings received as a helper;
- reciprocity: 1 when the other side also has something the asker needs (each side gains);
- load: recent help given by a would-be helper (decayed), so the same few are not always asked.
"""

from collections.abc import Sequence

from matching.recommend.explain import (
    NOTE_NON_PERSONALISED,
    NOTE_OFF,
    Answer,
    Note,
    Scored,
    answer,
    ranked,
    rounded,
)
from matching.recommend.groups import saturating
from matching.recommend.operators import decay
from matching.recommend.snapshot import Person, Snapshot
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import ExchangeWeights

NO_HELPERS = Note(
    "no_helpers",
    "社区里暂时没有同意被推荐、具备这项技能的居民",
    "Nobody in the community who agreed to be recommended has this skill yet",
)
NO_TAKERS = Note(
    "no_takers",
    "社区里暂时没有需要这项技能的居民",
    "Nobody in the community has asked for this skill yet",
)


def _helper_fit(p: Person, tags: Sequence[str], sim: TagSimilarity) -> tuple[float, str]:
    best, why = 0.0, ""
    for t in tags:
        if t in p.offers:
            fit, reason = 1.0, "offers"
        elif t in p.skills:
            fit, reason = 0.6 + 0.08 * p.skills[t], "has"
        else:
            s, _ = sim.best(t, set(p.skills) | set(p.offers))
            fit, reason = (0.6 * s, "related") if s >= 0.2 else (0.0, "")
        if fit > best:
            best, why = fit, reason
    return best, why


def _taker_fit(p: Person, tags: Sequence[str], sim: TagSimilarity) -> tuple[float, str]:
    if set(tags) & p.needs:
        return 1.0, "needs"
    best = max((sim.best(t, p.needs)[0] for t in tags), default=0.0)
    return (0.6 * best, "related") if best >= 0.2 else (0.0, "")


def exchange_matches(
    snap: Snapshot,
    me: Person,
    tags: Sequence[str],
    offering: bool,
    sim: TagSimilarity,
    w: ExchangeWeights,
    first: int,
) -> Answer:
    """Matches for `me` who needs `tags` (offering=False) or offers them (offering=True)."""
    if me.mode == "off":
        return Answer([], NOTE_OFF)
    personalised = me.mode != "non_personalised"
    mine = snap.neighbours.get(me.id, {})
    my_goods = set(me.skills) | set(me.offers)
    items = []
    for v in snap.recommendable(snap.people):
        p = snap.people[v]
        if v == me.id:
            continue
        fit, how = _taker_fit(p, tags, sim) if offering else _helper_fit(p, tags, sim)
        if fit <= 0:
            continue
        recent = sum(
            decay(snap.age_days(h.last_at), w.recent_days) for h in snap.helps if h.helper_id == v
        )
        load = 0.0 if offering else saturating(recent, 2)
        if not personalised:
            popular = saturating(snap.helped_count.get(v, 0), 3)
            parts = {"fit": fit, "popularity": popular}
            score = w.fit * fit + w.trust * popular
            zh, en = _fit_reason(snap, tags, how, offering)
            items.append(Scored(v, score, rounded(parts), zh, en))
            continue
        near = (
            1.0
            if p.building_id and p.building_id == me.building_id
            else (0.5 if p.compound_id and p.compound_id == me.compound_id else 0.0)
        )
        mutual = len(set(mine) & set(snap.neighbours.get(v, {})))
        ratings = [h.rating for h in snap.helps if h.helper_id == v and h.rating is not None]
        rating = sum(ratings) / len(ratings) / 5.0 if ratings else 0.0
        tie = mine.get(v, 0.0)
        trust = 0.5 * saturating(tie, 1) + 0.3 * saturating(mutual, 2) + 0.2 * rating
        gives_back = (
            (p.needs & my_goods) if offering is False else (set(p.skills) | p.offers) & me.needs
        )
        reciprocity = 1.0 if gives_back else 0.0
        parts = {
            "fit": fit,
            "nearness": near,
            "trust": trust,
            "reciprocity": reciprocity,
            "load": load,
        }
        score = (
            w.fit * fit
            + w.nearness * near
            + w.trust * trust
            + w.reciprocity * reciprocity
            - w.load * load
        )
        zh, en = _reason(snap, tags, how, offering, near, tie, mutual, sorted(gives_back))
        items.append(Scored(v, score, rounded(parts), zh, en))
    note = None if personalised else NOTE_NON_PERSONALISED
    return answer(ranked(items, first), NO_TAKERS if offering else NO_HELPERS, note)


def _names(snap: Snapshot, tags: Sequence[str]) -> tuple[str, str]:
    infos = [(snap.skills.get(t), t) for t in tags[:2]]
    zh = "、".join(i.label("zh") if i else t for i, t in infos)
    en = ", ".join(i.label("en") if i else t for i, t in infos)
    return zh, en


def _fit_reason(snap: Snapshot, tags: Sequence[str], how: str, offering: bool) -> tuple[str, str]:
    zh, en = _names(snap, tags)
    return {
        "offers": (f"提供{zh}服务", f"Offers {en}"),
        "has": (f"会{zh}", f"Has the skill {en}"),
        "needs": (f"正需要{zh}", f"Needs {en}"),
        "related": (
            f"有与{zh}相关的技能" if not offering else f"需要与{zh}相关的帮助",
            f"Related to {en}",
        ),
    }.get(how, ("", ""))


def _reason(
    snap: Snapshot,
    tags: Sequence[str],
    how: str,
    offering: bool,
    near: float,
    tie: float,
    mutual: int,
    gives_back: list[str],
) -> tuple[str, str]:
    zh0, en0 = _fit_reason(snap, tags, how, offering)
    zh, en = [zh0], [en0]
    if gives_back:
        gz, ge = _names(snap, gives_back)
        zh.append(f"可以互换：对方{'需要您的' if not offering else '能提供'}{gz}")
        en.append(
            f"a two-way exchange: {'they need your' if not offering else 'they can offer'} {ge}"
        )
    if tie > 0:
        zh.append("你们相互认识")
        en.append("you know each other")
    elif mutual:
        zh.append(f"有 {mutual} 位共同认识的邻居")
        en.append(f"{mutual} acquaintance{'s' if mutual > 1 else ''} in common")
    if near >= 1:
        zh.append("住在同一栋楼")
        en.append("lives in your building")
    elif near > 0:
        zh.append("住在同一小区")
        en.append("lives in your compound")
    return "；".join(zh[:3]), "; ".join(en[:3])
