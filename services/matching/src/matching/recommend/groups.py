"""Interest groups and activities for a resident: content + acquaintances + neighbours + prior.

score = w·content (TF-IDF of the item's tags against the resident's skills and interests)
      + w·ties (acquaintances among its members) + w·building (building neighbours among them)
      + w·scope (the item is for the resident's building / compound) + w·popularity (log size).
A newcomer without history still gets building-scoped and popular items (cold start); a
resident who chose non-personalised recommendations gets popularity only; "off" gets nothing.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from matching.recommend.explain import (
    NOTE_NON_PERSONALISED,
    NOTE_OFF,
    Answer,
    Note,
    Scored,
    answer,
    join_en,
    join_zh,
    ranked,
    rounded,
)
from matching.recommend.snapshot import Activity, Person, Snapshot
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import HybridWeights

NO_GROUPS = Note(
    "no_groups",
    "社区里暂时没有您尚未加入的兴趣小组",
    "There are no interest groups in your community that you have not joined yet",
)
NO_ACTIVITIES = Note(
    "no_activities",
    "近期没有面向您楼栋或全社区的活动",
    "No upcoming activities for your building or the whole community",
)


@dataclass(frozen=True)
class Item:
    """What the hybrid scorer needs of a group or an activity."""

    id: str
    tags: tuple[str, ...]
    people: frozenset[str]  # members / registered and attended
    scope: float  # 1 for the resident's building, 0.5 compound, lower for community-wide
    activity: bool = False  # its people signed up (an activity), not joined (a group)


def saturating(n: float, half: float) -> float:
    """0 for 0, ½ at `half`, approaching 1: a few acquaintances matter, many add little."""
    return n / (n + half) if n > 0 else 0.0


def hybrid(
    snap: Snapshot,
    me: Person,
    items: Iterable[Item],
    sim: TagSimilarity,
    w: HybridWeights,
    personalised: bool,
) -> list[Scored]:
    items = list(items)
    biggest = max((len(i.people) for i in items), default=0)
    profile = set(me.interests) | set(me.skills)
    mine = set(snap.neighbours.get(me.id, {}))
    building = {r for r in snap.by_building.get(me.building_id or "", []) if r != me.id}
    out = []
    for item in items:
        popularity = math.log1p(len(item.people)) / math.log1p(biggest) if biggest else 0.0
        if not personalised:
            parts = {"popularity": popularity}
            out.append(_scored(snap, item, parts, w, 0, 0, len(item.people), []))
            continue
        consenting = item.people & snap.consenting
        n_ties = len(consenting & mine)
        n_building = len(consenting & building)
        content = sim.profile(profile, item.tags)
        parts = {
            "content": content,
            "ties": saturating(n_ties, 2),
            "building": saturating(n_building, 3),
            "scope": item.scope,
            "popularity": popularity,
        }
        matched = [t for t in item.tags if sim.best(t, profile)[0] >= 0.3]
        out.append(_scored(snap, item, parts, w, n_ties, n_building, len(item.people), matched))
    return out


def _scored(
    snap: Snapshot,
    item: Item,
    parts: dict[str, float],
    w: HybridWeights,
    n_ties: int,
    n_building: int,
    size: int,
    matched: list[str],
) -> Scored:
    score = sum(getattr(w, k) * v for k, v in parts.items())
    zh, en = [], []
    if n_building:
        zh.append(f"同楼栋的 {n_building} 位邻居{_joined_zh(item)}")
        en.append(
            f"{n_building} neighbour{'s' if n_building > 1 else ''} in your building "
            f"{_joined_en(item, n_building)}"
        )
    if n_ties:
        zh.append(f"您认识的 {n_ties} 位邻居{_joined_zh(item)}")
        en.append(
            f"{n_ties} {'people' if n_ties > 1 else 'person'} you know {_joined_en(item, n_ties)}"
        )
    if matched:
        labels = [_label(snap, t) for t in matched[:3]]
        zh.append(f"与您的兴趣或技能相符：{join_zh([lz for lz, _ in labels])}")
        en.append(f"matches your interests or skills: {join_en([le for _, le in labels])}")
    if parts.get("scope", 0) >= 1:
        zh.append("面向您的楼栋")
        en.append("for your building")
    if not zh:
        zh.append(f"社区里受欢迎（{size} 人参与）")
        en.append(f"popular in your community ({size} taking part)")
    return Scored(item.id, score, rounded(parts), "；".join(zh[:2]), _capital("; ".join(en[:2])))


def _joined_zh(item: Item) -> str:
    return "已报名" if item.activity else "是成员"


def _joined_en(item: Item, n: int) -> str:
    if item.activity:
        return "signed up"
    return "are members" if n > 1 else "is a member"


def _label(snap: Snapshot, tag: str) -> tuple[str, str]:
    info = snap.interests.get(tag) or snap.skills.get(tag)
    return (info.label("zh"), info.label("en")) if info else (tag, tag)


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _scope(me: Person, building_id: str | None, compound_id: str | None) -> float:
    if building_id and building_id == me.building_id:
        return 1.0
    if compound_id and compound_id == me.compound_id:
        return 0.5
    return 0.0 if building_id or compound_id else 0.25


def recommend_groups(
    snap: Snapshot, me: Person, first: int, sim: TagSimilarity, w: HybridWeights
) -> Answer:
    if me.mode == "off":
        return Answer([], NOTE_OFF)
    joined = snap.groups_of.get(me.id, set())
    items = [
        Item(g.id, g.tags, g.members, _scope(me, g.building_id, g.compound_id))
        for g in snap.groups.values()
        if g.id not in joined and _reachable(me, g.building_id, g.compound_id)
    ]
    personalised = me.mode != "non_personalised"
    scored = hybrid(snap, me, items, sim, w, personalised)
    return answer(ranked(scored, first), NO_GROUPS, None if personalised else NOTE_NON_PERSONALISED)


def _reachable(me: Person, building_id: str | None, compound_id: str | None) -> bool:
    """Groups of another building or compound are not for this resident."""
    if building_id:
        return building_id == me.building_id
    return not compound_id or compound_id == me.compound_id


def upcoming_activities(snap: Snapshot) -> list[Activity]:
    """Activities not cancelled and not yet begun (or undated), once per snapshot: a year of
    history is thousands of activities, of which a few dozen are still to come."""
    return snap.memo(
        "upcoming_activities",
        lambda: [
            a
            for a in snap.activities.values()
            if (a.starts_at is None or a.starts_at >= snap.now) and not a.cancelled
        ],
    )


def recommend_activities(
    snap: Snapshot, me: Person, first: int, sim: TagSimilarity, w: HybridWeights
) -> Answer:
    if me.mode == "off":
        return Answer([], NOTE_OFF)
    items = []
    for a in upcoming_activities(snap):
        for_me = not a.building_ids or (me.building_id in a.building_ids)
        taken = me.id in a.registered or me.id in a.attended
        if for_me and not taken:
            scope = 1.0 if a.building_ids else 0.25
            people = a.registered | frozenset(a.attended)
            items.append(Item(a.id, a.tags, people, scope, activity=True))
    personalised = me.mode != "non_personalised"
    scored = hybrid(snap, me, items, sim, w, personalised)
    return answer(
        ranked(scored, first), NO_ACTIVITIES, None if personalised else NOTE_NON_PERSONALISED
    )
