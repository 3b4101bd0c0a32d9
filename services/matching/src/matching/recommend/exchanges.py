"""Skill exchanges (技能互换): who can help with a request, who needs what is offered.

score = w·fit + w·nearness + w·trust + w·reciprocity − w·load
- fit: offers the skill 1; declares it 0.6 + 0.08·level; a related skill 0.6·similarity
  (for an offer: needs it 1, needs a related skill 0.6·similarity);
- nearness: same building 1, same compound 0.5;
- trust: their tie's weight, mutual acquaintances, ratings received as a helper;
- reciprocity: 1 when the other side also has something the asker needs (each side gains);
- load: recent help given by a would-be helper (decayed), so the same few are not always asked.
"""

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from matching.recommend.explain import (
    NOTE_NON_PERSONALISED,
    NOTE_OFF,
    Answer,
    Note,
    Scored,
    answer,
    rounded,
)
from matching.recommend.groups import saturating
from matching.recommend.operators import decay
from matching.recommend.snapshot import Person, Snapshot
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import ExchangeWeights

RELATED_MIN = 0.2  # a related tag counts from this similarity
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
            fit, reason = (0.6 * s, "related") if s >= RELATED_MIN else (0.0, "")
        if fit > best:
            best, why = fit, reason
    return best, why


def _taker_fit(p: Person, tags: Sequence[str], sim: TagSimilarity) -> tuple[float, str]:
    if set(tags) & p.needs:
        return 1.0, "needs"
    best = max((sim.best(t, p.needs)[0] for t in tags), default=0.0)
    return (0.6 * best, "related") if best >= RELATED_MIN else (0.0, "")


@dataclass(frozen=True)
class ExchangeIndex:
    """Who has, offers or needs each tag, and each helper's recent load and mean rating:
    built once per snapshot and weights, so a request scores only the residents it concerns."""

    goods: dict[str, list[str]]  # tag -> consenting residents with it as a skill or an offer
    needs: dict[str, list[str]]  # tag -> consenting residents who need it
    recent: dict[str, float]  # helper -> decayed count of recent help given
    rating: dict[str, float]  # helper -> mean rating received, 0..1

    @classmethod
    def build(cls, snap: Snapshot, w: ExchangeWeights) -> "ExchangeIndex":
        goods: dict[str, list[str]] = defaultdict(list)
        needs: dict[str, list[str]] = defaultdict(list)
        for v in snap.recommendable(snap.people):
            p = snap.people[v]
            for tag in set(p.skills) | p.offers:
                goods[tag].append(v)
            for tag in p.needs:
                needs[tag].append(v)
        recent, rating = {}, {}
        for v, helps in snap.helps_by_helper.items():
            recent[v] = sum(decay(snap.age_days(h.last_at), w.recent_days) for h in helps)
            rated = [h.rating for h in helps if h.rating is not None]
            rating[v] = sum(rated) / len(rated) / 5.0 if rated else 0.0
        return cls(dict(goods), dict(needs), recent, rating)

    def concerned(self, tags: Sequence[str], offering: bool, sim: TagSimilarity) -> list[str]:
        """Everyone whose fit can be above 0: the tag itself or one similar enough (≥ 0.2)."""
        index = self.needs if offering else self.goods
        out: set[str] = set()
        for t in tags:
            for tag, residents in index.items():
                if tag == t or sim.tag(t, tag) >= RELATED_MIN:
                    out.update(residents)
        return sorted(out)


def exchange_index(snap: Snapshot, w: ExchangeWeights) -> ExchangeIndex:
    return snap.memo(("exchanges", w.model_dump_json()), lambda: ExchangeIndex.build(snap, w))


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
    ix = exchange_index(snap, w)
    personalised = me.mode != "non_personalised"
    mine = snap.neighbours.get(me.id, {})
    my_goods = set(me.skills) | set(me.offers)
    found: list[_Match] = []
    for v in ix.concerned(tags, offering, sim):
        p = snap.people[v]
        if v == me.id:
            continue
        fit, how = _taker_fit(p, tags, sim) if offering else _helper_fit(p, tags, sim)
        if fit <= 0:
            continue
        load = 0.0 if offering else saturating(ix.recent.get(v, 0.0), 2)
        if not personalised:
            popular = saturating(snap.helped_count.get(v, 0), 3)
            parts = {"fit": fit, "popularity": popular}
            score = w.fit * fit + w.trust * popular
            found.append(_Match(v, score, parts, _Why(how)))
            continue
        near = (
            1.0
            if p.building_id and p.building_id == me.building_id
            else (0.5 if p.compound_id and p.compound_id == me.compound_id else 0.0)
        )
        theirs = snap.neighbours.get(v, {})
        mutual = (
            sum(1 for z in theirs if z in mine)
            if len(theirs) < len(mine)
            else (sum(1 for z in mine if z in theirs))
        )
        tie = mine.get(v, 0.0)
        trust = 0.5 * saturating(tie, 1) + 0.3 * saturating(mutual, 2) + 0.2 * ix.rating.get(v, 0.0)
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
        why = _Why(how, near, tie, mutual, tuple(sorted(gives_back)), personalised=True)
        found.append(_Match(v, score, parts, why))
    top = [_explained(snap, m, tags, offering) for m in best(found, first)]
    note = None if personalised else NOTE_NON_PERSONALISED
    return answer(top, NO_TAKERS if offering else NO_HELPERS, note)


@dataclass(frozen=True)
class _Why:
    """What a match's reason is made of (reasons are written for the top matches only)."""

    how: str
    near: float = 0.0
    tie: float = 0.0
    mutual: int = 0
    gives_back: tuple[str, ...] = ()
    personalised: bool = False


@dataclass(frozen=True)
class _Match:
    id: str
    score: float
    parts: dict[str, float]
    why: _Why


def best(found: list[_Match], first: int) -> list[_Match]:
    """The `first` best, in `ranked()`'s order (score, then id), without sorting them all."""
    return heapq.nsmallest(first, found, key=lambda m: (-round(m.score, 9), m.id))


def _explained(snap: Snapshot, m: _Match, tags: Sequence[str], offering: bool) -> Scored:
    w = m.why
    if w.personalised:
        zh, en = _reason(snap, tags, w.how, offering, w.near, w.tie, w.mutual, list(w.gives_back))
    else:
        zh, en = _fit_reason(snap, tags, w.how, offering)
    return Scored(m.id, m.score, rounded(m.parts), zh, en)


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
