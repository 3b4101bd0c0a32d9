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
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

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
class TagFits:
    """Everyone a tag concerns (fit above 0), as positions in `ExchangeIndex.ids`."""

    at: NDArray[np.intp]
    fit: NDArray[np.float64]
    how: tuple[str, ...]


@dataclass(frozen=True)
class ExchangeIndex:
    """Who has, offers or needs each tag, and each resident's load, rating and place as arrays:
    built once per snapshot and weights, so a request scores the residents it concerns in a
    few array operations instead of a Python loop over thousands of them."""

    goods: dict[str, list[str]]  # tag -> consenting residents with it as a skill or an offer
    needs: dict[str, list[str]]  # tag -> consenting residents who need it
    ids: list[str]  # every resident, in id order; arrays below are indexed alike
    position: dict[str, int]
    building: "_Codes"
    compound: "_Codes"
    load: NDArray[np.float64]  # saturating decayed count of recent help given
    rating: NDArray[np.float64]  # mean rating received as a helper, 0..1
    popularity: NDArray[np.float64]  # saturating count of help given
    # Filled by `warm` in the snapshot's preparation; a tag outside the taxonomy on demand
    # (two threads may both compute one: the same answer, no lock needed).
    _fits: dict[tuple[str, bool], TagFits] = field(default_factory=dict, repr=False)

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
        ids = sorted(snap.people)
        position = {v: i for i, v in enumerate(ids)}
        load, rating = np.zeros(len(ids)), np.zeros(len(ids))
        for v, helps in snap.helps_by_helper.items():
            if v not in position:
                continue
            recent = sum(decay(snap.age_days(h.last_at), w.recent_days) for h in helps)
            rated = [h.rating for h in helps if h.rating is not None]
            load[position[v]] = saturating(recent, 2)
            rating[position[v]] = sum(rated) / len(rated) / 5.0 if rated else 0.0
        popularity = np.array([saturating(snap.helped_count.get(v, 0), 3) for v in ids])
        return cls(
            dict(goods),
            dict(needs),
            ids,
            position,
            _Codes.of([snap.people[v].building_id for v in ids]),
            _Codes.of([snap.people[v].compound_id for v in ids]),
            load,
            rating,
            popularity,
        )

    def concerned(self, tags: Sequence[str], offering: bool, sim: TagSimilarity) -> list[str]:
        """Everyone whose fit can be above 0: the tag itself or one similar enough (≥ 0.2)."""
        index = self.needs if offering else self.goods
        out: set[str] = set()
        for t in tags:
            for tag, residents in index.items():
                if tag == t or sim.tag(t, tag) >= RELATED_MIN:
                    out.update(residents)
        return sorted(out)

    def fits(self, snap: Snapshot, tag: str, offering: bool, sim: TagSimilarity) -> TagFits:
        """Each concerned resident's fit for one tag."""
        found = self._fits.get((tag, offering))
        if found is None:
            found = self._fits[(tag, offering)] = self._tag_fits(snap, tag, offering, sim)
        return found

    def warm(self, snap: Snapshot, sim: TagSimilarity) -> None:
        """Every skill's fits both ways (30 skills at 20,000 residents: ~70 ms)."""
        for tag in snap.skills:
            self.fits(snap, tag, False, sim)
            self.fits(snap, tag, True, sim)

    def _tag_fits(self, snap: Snapshot, tag: str, offering: bool, sim: TagSimilarity) -> TagFits:
        at, fit, how = [], [], []
        for v in self.concerned([tag], offering, sim):
            p = snap.people[v]
            f, why = _taker_fit(p, [tag], sim) if offering else _helper_fit(p, [tag], sim)
            if f > 0:
                at.append(self.position[v])
                fit.append(f)
                how.append(why)
        return TagFits(np.array(at, dtype=np.intp), np.array(fit), tuple(how))

    def combined(
        self, snap: Snapshot, tags: Sequence[str], offering: bool, sim: TagSimilarity
    ) -> TagFits:
        """Fits for several tags: the best tag's, the first of equals (as `_helper_fit`)."""
        if len(tags) == 1:
            return self.fits(snap, tags[0], offering, sim)
        best: dict[int, tuple[float, str]] = {}
        for tag in tags:
            one = self.fits(snap, tag, offering, sim)
            for i, f, why in zip(one.at.tolist(), one.fit.tolist(), one.how, strict=True):
                if i not in best or f > best[i][0]:
                    best[i] = (f, why)
        order = sorted(best)
        return TagFits(
            np.array(order, dtype=np.intp),
            np.array([best[i][0] for i in order]),
            tuple(best[i][1] for i in order),
        )


@dataclass(frozen=True)
class _Codes:
    """A place per resident as small integers, for equality tests over arrays (-1: none)."""

    of_resident: NDArray[np.intp]
    code: dict[str, int]

    @classmethod
    def of(cls, values: list[str | None]) -> "_Codes":
        code: dict[str, int] = {}
        codes = [code.setdefault(v, len(code)) if v else -1 for v in values]
        return cls(np.array(codes, dtype=np.intp), code)

    def same_as(self, value: str | None, at: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Which of the residents at `at` share this place (nobody shares no place)."""
        if not value or value not in self.code:
            return np.zeros(len(at), dtype=bool)
        return np.asarray(self.of_resident[at] == self.code[value])


def exchange_index(snap: Snapshot, w: ExchangeWeights) -> ExchangeIndex:
    return snap.memo(("exchanges", w.model_dump_json()), lambda: ExchangeIndex.build(snap, w))


# Candidates within this of the k-th best score are ranked exactly (the ranking rounds scores to
# 9 decimals, which numpy's rounding does not reproduce bit for bit).
_NEAR_TIE = 1e-6
_NONE = np.zeros(0, dtype=np.intp)  # no tags: nobody concerned
_NO_FIT = np.zeros(0)


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
    fits = ix.combined(snap, tags, offering, sim) if tags else TagFits(_NONE, _NO_FIT, ())
    home = [ix.position[v] for v in snap.home_of(me.id) if v in ix.position]
    keep = ~np.isin(fits.at, home)  # an exchange is between neighbours, not within a home
    at, fit = fits.at[keep], fits.fit[keep]
    how = [h for h, k in zip(fits.how, keep.tolist(), strict=True) if k]
    personalised = me.mode != "non_personalised"
    if personalised:
        cols = _Columns.of(snap, ix, me, at, fit, offering)
        scores = (
            w.fit * fit
            + w.nearness * cols.near
            + w.trust * cols.trust
            + w.reciprocity * cols.reciprocity
            - w.load * cols.load
        )
    else:
        popular = ix.popularity[at]
        scores = w.fit * fit + w.trust * popular
    found = []
    for i in _near_best(scores, first):
        v = ix.ids[at[i]]
        if personalised:
            found.append(cols.match(snap, me, v, i, float(scores[i]), how[i], offering))
        else:
            parts = {"fit": float(fit[i]), "popularity": float(popular[i])}
            found.append(_Match(v, float(scores[i]), parts, _Why(how[i])))
    top = [_explained(snap, m, tags, offering) for m in best(found, first)]
    note = None if personalised else NOTE_NON_PERSONALISED
    return answer(top, NO_TAKERS if offering else NO_HELPERS, note)


def _near_best(scores: NDArray[np.float64], first: int) -> list[int]:
    """Positions of the `first` best scores and of any within `_NEAR_TIE` of the last of them."""
    if len(scores) <= first:
        return list(range(len(scores)))
    kth = np.partition(scores, len(scores) - first)[len(scores) - first]
    return np.flatnonzero(scores >= kth - _NEAR_TIE).tolist()


@dataclass(frozen=True)
class _Columns:
    """The personal parts of every candidate's score, as arrays (formulas: module docstring)."""

    fit: NDArray[np.float64]
    near: NDArray[np.float64]
    tie: NDArray[np.float64]
    mutual: NDArray[np.float64]
    trust: NDArray[np.float64]
    reciprocity: NDArray[np.float64]
    load: NDArray[np.float64]

    @classmethod
    def of(
        cls,
        snap: Snapshot,
        ix: ExchangeIndex,
        me: Person,
        at: NDArray[np.intp],
        fit: NDArray[np.float64],
        offering: bool,
    ) -> "_Columns":
        near = np.where(
            ix.building.same_as(me.building_id, at),
            1.0,
            np.where(ix.compound.same_as(me.compound_id, at), 0.5, 0.0),
        )
        tie, mutual = np.zeros(len(ix.ids)), np.zeros(len(ix.ids))
        position = ix.position
        for z, weight in snap.neighbours.get(me.id, {}).items():
            if z in position:
                tie[position[z]] = weight
            for y in snap.neighbours[z]:  # ties are symmetric: y knows z as I do
                if y in position:
                    mutual[position[y]] += 1
        tie, mutual = tie[at], mutual[at]
        trust = 0.5 * _saturating(tie, 1) + 0.3 * _saturating(mutual, 2) + 0.2 * ix.rating[at]
        gives_back = np.zeros(len(ix.ids), dtype=bool)
        wanted = me.needs if offering else set(me.skills) | me.offers
        by_tag = ix.goods if offering else ix.needs
        for tag in wanted:
            gives_back[[ix.position[v] for v in by_tag.get(tag, [])]] = True
        reciprocity = np.where(gives_back[at], 1.0, 0.0)
        load = np.zeros(len(at)) if offering else ix.load[at]
        return cls(fit, near, tie, mutual, trust, reciprocity, load)

    def match(
        self, snap: Snapshot, me: Person, v: str, i: int, score: float, how: str, offering: bool
    ) -> "_Match":
        p = snap.people[v]
        gives_back = (
            (p.needs & (set(me.skills) | set(me.offers)))
            if not offering
            else (set(p.skills) | p.offers) & me.needs
        )
        parts = {
            "fit": float(self.fit[i]),
            "nearness": float(self.near[i]),
            "trust": float(self.trust[i]),
            "reciprocity": float(self.reciprocity[i]),
            "load": float(self.load[i]),
        }
        near, tie, mutual = float(self.near[i]), float(self.tie[i]), int(self.mutual[i])
        why = _Why(how, near, tie, mutual, tuple(sorted(gives_back)), personalised=True)
        return _Match(v, score, parts, why)


def _saturating(n: NDArray[np.float64], half: float) -> NDArray[np.float64]:
    """`saturating` over an array: n / (n + half), 0 for 0."""
    return np.where(n > 0, n / (n + np.float64(half)), 0.0)


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
