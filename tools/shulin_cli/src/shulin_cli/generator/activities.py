"""A year of neighbourhood activities; attendance follows interests, nearness and ties."""

import random
from datetime import date, datetime, time, timedelta, timezone

from shulin_cli.generator.audience import Audience, sample
from shulin_cli.generator.parameters import GeneratorParameters
from shulin_cli.generator.plan import ActivityPlan, BuildingPlan, IdFactory
from shulin_cli.generator.ties import TieBook
from shulin_cli.generator.vocabulary import ACTIVITY_TEMPLATES, INTEREST_NAMES

CHINA = timezone(timedelta(hours=8))
# How often each template (by title) runs, relative to the others.
FREQUENCY: dict[str, int] = {
    "社区义诊：量血压、健康咨询": 8, "邻里节 · 百家宴": 1, "周末读书会": 10, "邻里乐跳蚤市场": 3,
    "楼栋议事会": 10, "楼长志愿巡逻": 8, "邻里节游园会": 1, "广场舞联谊": 6, "太极晨练": 6,
    "亲子手工班": 6, "家庭心理疏导讲座": 3, "老年人茶话会": 5, "风采义剪": 4, "长者手机课堂": 5,
    "羽毛球友谊赛": 4, "共享菜地开耕日": 3, "书法兴趣课": 4, "普法讲座：邻里纠纷怎么办": 3,
    "烘焙分享会": 3, "周末徒步": 3, "门球友谊赛": 2, "乒乓球交流赛": 3,
}  # fmt: skip
ELDER_SERVICES = {"doctor", "nurse", "haircut", "digital_help"}
SMALL_ACTIVITY = 40  # attendees who meet each other at check-in


def _starts_at(rng: random.Random, day: date, kind: str) -> datetime:
    weekend = day.weekday() >= 5
    hours = (7, 9, 14) if kind == "OTHER" and not weekend else (9, 10, 14, 15, 19)
    return datetime.combine(day, time(rng.choice(hours), rng.choice((0, 30))), CHINA)


def _organizer(
    rng: random.Random, audience: Audience, activity: ActivityPlan, scope: list[str]
) -> str:
    """A building head runs a building's meeting; a skilled resident runs a skill's activity."""
    if activity.building_ids:
        heads = [rid for rid in scope if "building_head" in audience.by_id[rid].roles]
        return rng.choice(heads or scope)
    skilled = [rid for tag in activity.tags for rid in audience.skilled.get(tag, [])]
    return rng.choice(skilled or scope or audience.adults)


def plan_activities(
    rng: random.Random,
    ids: IdFactory,
    params: GeneratorParameters,
    buildings: list[BuildingPlan],
    audience: Audience,
    ties: TieBook,
    start_date: date,
) -> list[ActivityPlan]:
    count = round(params.activities_per_1000_residents * len(audience.by_id) / 1000)
    count = round(count * params.days / 365)
    titles = [template[1] for template in ACTIVITY_TEMPLATES]
    weights = [FREQUENCY.get(title, 2) for title in titles]
    days = sorted(rng.randrange(params.days) for _ in range(count))
    activities: list[ActivityPlan] = []
    for offset in days:
        template = ACTIVITY_TEMPLATES[rng.choices(range(len(titles)), weights=weights)[0]]
        kind, title, place, tags, capacity, building_share = template
        day = start_date + timedelta(days=offset)
        scoped = rng.random() < building_share
        building = rng.choice(buildings)
        starts_at = _starts_at(rng, day, kind)
        activity = ActivityPlan(
            id=ids.next("activity"),
            kind=kind,
            title=f"{building.name}{title}" if scoped else title,
            place=f"{building.name}架空层" if scoped and kind != "COUNCIL_MEETING" else place,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=rng.choice((60, 90, 120, 180))),
            capacity=capacity if rng.random() < 0.8 else None,
            tags=list(tags),
            building_ids=[building.id] if scoped else [],
            organizer_id=None,
        )
        _fill(rng, audience, ties, activity, building, capacity)
        activities.append(activity)
    return activities


def _fill(
    rng: random.Random,
    audience: Audience,
    ties: TieBook,
    activity: ActivityPlan,
    building: BuildingPlan,
    capacity: int,
) -> None:
    """Sign-ups: mostly fans near the host building, then their friends, then anyone near."""
    interest_tags = [tag for tag in activity.tags if tag in INTEREST_NAMES]
    compound = building.compound_id
    # Membership tests only; never iterated (set order varies between processes).
    scoped = set(audience.in_building[building.id]) if activity.building_ids else set()
    if activity.building_ids:
        scope = audience.in_building[building.id]
        fans = [rid for rid in scope if set(audience.by_id[rid].interests) & set(interest_tags)]
    else:
        scope = audience.in_compound[compound]
        fans = [rid for tag in interest_tags for rid in audience.fans_in_compound[(tag, compound)]]
        fans += sample(rng, [rid for tag in interest_tags for rid in audience.fans[tag]], 10)
    if not interest_tags and set(activity.tags) & ELDER_SERVICES:
        fans = [rid for rid in scope if audience.age(rid) >= 60]
    wanted = max(3, round(min(capacity, len(scope)) * rng.uniform(0.3, 0.9)))
    organizer = _organizer(rng, audience, activity, scope)
    activity.organizer_id = organizer
    chosen: dict[str, None] = {organizer: None}
    for rid in sample(rng, fans, round(wanted * 0.65)):
        chosen[rid] = None
    for rid in list(chosen):
        friends = [f for f in ties.known.get(rid, ()) if not scoped or f in scoped]
        if friends and rng.random() < 0.35 and len(chosen) < wanted:
            chosen[rng.choice(friends)] = None
    for rid in sample(rng, scope, wanted - len(chosen)):
        chosen[rid] = None
    registered = list(chosen)
    if activity.capacity is not None:
        registered = registered[: activity.capacity]
    activity.registered = registered
    activity.checked_in = [rid for rid in registered if rid == organizer or rng.random() < 0.85]
    if len(activity.checked_in) <= SMALL_ACTIVITY:
        day = activity.starts_at.date()
        for rid in activity.checked_in:
            if rng.random() < 0.3:
                met = rng.choice(activity.checked_in)
                ties.declare(rid, met, f"activity:{activity.id}", day)
