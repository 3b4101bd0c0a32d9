"""Interest groups and neighbour associations, with members by interest, nearness and ties."""

import random
from collections import Counter
from datetime import date, timedelta

from shulin_cli.generator.audience import Audience, sample
from shulin_cli.generator.parameters import GeneratorParameters
from shulin_cli.generator.plan import CompoundPlan, GroupMemberPlan, GroupPlan, IdFactory
from shulin_cli.generator.ties import TieBook
from shulin_cli.generator.vocabulary import INTEREST_NAMES

GROUP_NAMES = {
    "square_dance": "广场舞队",
    "choir": "合唱团",
    "reading": "读书会",
    "tai_chi": "太极队",
    "parent_child": "亲子会",
    "volunteering": "志愿服务队",
    "badminton": "羽毛球俱乐部",
    "shared_garden": "共享菜地小组",
    "gateball": "门球队",
    "chess": "象棋社",
}


def _group_name(place: str, tag: str) -> str:
    return place + GROUP_NAMES.get(tag, f"{INTEREST_NAMES[tag]}兴趣小组")


def _join_date(rng: random.Random, start_date: date, days: int) -> date:
    # Most members were there before the year began; others join during it.
    if rng.random() < 0.6:
        return start_date - timedelta(days=rng.randint(1, 700))
    return start_date + timedelta(days=rng.randrange(days))


def _add_members(
    rng: random.Random,
    group: GroupPlan,
    candidates: list[str],
    join_rate: float,
    audience: Audience,
    ties: TieBook,
    start_date: date,
    days: int,
) -> None:
    joined = [rid for rid in dict.fromkeys(candidates) if rng.random() < join_rate]
    if not joined:
        return
    for index, rid in enumerate(joined):
        role = "leader" if index == 0 else "organiser" if index <= 2 else "member"
        group.members.append(GroupMemberPlan(rid, role, _join_date(rng, start_date, days)))
    # Members get to know a fellow member, most often one from their own building.
    by_building: dict[str, list[str]] = {}
    for rid in joined:
        by_building.setdefault(audience.by_id[rid].building_id, []).append(rid)
    for member in group.members:
        if rng.random() < 0.5:
            near = by_building[audience.by_id[member.resident_id].building_id]
            other = rng.choice(near if len(near) > 1 and rng.random() < 0.6 else joined)
            ties.declare(member.resident_id, other, f"group:{group.id}", member.joined_on)


def plan_groups(
    rng: random.Random,
    ids: IdFactory,
    params: GeneratorParameters,
    compounds: list[CompoundPlan],
    audience: Audience,
    ties: TieBook,
    start_date: date,
) -> list[GroupPlan]:
    groups: list[GroupPlan] = []
    for compound in compounds:
        counts = Counter(
            {
                tag: len(fans)
                for (tag, compound_id), fans in audience.fans_in_compound.items()
                if compound_id == compound.id
            }
        )
        for tag, _ in counts.most_common(params.groups_per_compound):
            group = GroupPlan(
                id=ids.next("group"),
                kind="interest_group",
                name=_group_name(compound.name, tag),
                tags=[tag],
                compound_id=compound.id,
                building_id=None,
            )
            fans = audience.fans_in_compound[(tag, compound.id)]
            _add_members(rng, group, fans, 0.35, audience, ties, start_date, params.days)
            groups.append(group)
        association = GroupPlan(
            id=ids.next("group"),
            kind="neighbour_association",
            name=f"{compound.name}街坊志愿互助会",
            tags=["volunteering"],
            compound_id=compound.id,
            building_id=None,
        )
        helpers = [
            rid
            for rid in audience.in_compound[compound.id]
            if {"building_head", "volunteer", "community_operator"} & set(audience.by_id[rid].roles)
        ]
        helpers.sort(key=lambda rid: "building_head" not in audience.by_id[rid].roles)
        others = sample(rng, audience.in_compound[compound.id], 10)
        _add_members(
            rng, association, helpers + others, 0.7, audience, ties, start_date, params.days
        )
        groups.append(association)
    popular = Counter({tag: len(fans) for tag, fans in audience.fans.items()})
    for tag, _ in popular.most_common(params.community_groups):
        group = GroupPlan(
            id=ids.next("group"),
            kind="interest_group",
            name=_group_name("社区", tag),
            tags=[tag],
            compound_id=None,
            building_id=None,
        )
        _add_members(rng, group, audience.fans[tag], 0.08, audience, ties, start_date, params.days)
        groups.append(group)
    return [group for group in groups if group.members]
