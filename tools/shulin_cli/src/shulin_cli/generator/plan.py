"""The plan of a generated community: plain dataclasses with stable string ids.

Ids are `<plan key>-<kind>-<counter>`, so the same parameters and seed give the same ids and
loaders can derive idempotency keys from them.
"""

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class SkillPlan:
    tag: str
    level: int  # 1–5
    verified: bool = False


@dataclass
class CompoundPlan:
    id: str
    name: str


@dataclass
class BuildingPlan:
    id: str
    compound_id: str
    name: str  # e.g. 金域蓝湾12栋
    floors: int
    units: int
    flats_per_floor: int


@dataclass
class HouseholdPlan:
    id: str
    building_id: str
    unit: int
    floor: int
    door: str  # e.g. 1203
    kind: str  # elderly_alone, elderly_couple, single, couple, family, three_generations, ...
    home_region: str | None  # None: local family; else the province they came from
    moved_in_on: date


@dataclass
class ResidentPlan:
    id: str
    household_id: str
    building_id: str
    compound_id: str
    external_ref: str
    display_name: str
    gender: str  # female | male
    birth_year: int
    floor: int
    unit: int
    phone: str | None
    occupation: str  # current or former; "student", "child", "homemaker" where apt
    retired: bool
    languages: list[str]
    availability: list[str]
    skills: list[SkillPlan]
    interests: list[str]
    roles: list[str]
    may_be_recommended: bool
    contact_visible_to_operators: bool
    elderly_living_alone: bool
    needs_care: bool
    moved_in_on: date


@dataclass
class ActivityPlan:
    id: str
    kind: str  # ActivityKind name
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    tags: list[str]
    building_ids: list[str]  # empty: the whole community
    organizer_id: str | None
    registered: list[str] = field(default_factory=list)  # resident ids, in sign-up order
    checked_in: list[str] = field(default_factory=list)


@dataclass
class GroupMemberPlan:
    resident_id: str
    role: str  # leader | organiser | member
    joined_on: date


@dataclass
class GroupPlan:
    id: str
    kind: str  # interest_group | neighbour_association
    name: str
    tags: list[str]
    compound_id: str | None
    building_id: str | None
    members: list[GroupMemberPlan] = field(default_factory=list)


@dataclass
class ListingPlan:
    id: str
    kind: str  # request | offer
    resident_id: str
    skill_tags: list[str]
    title: str
    posted_on: date


@dataclass
class ExchangePlan:
    id: str
    listing_id: str
    helper_id: str
    helped_id: str
    skill_tags: list[str]
    agreed_on: date
    completed_hours: float | None  # None: agreed, not (yet) completed
    helper_rating: int | None  # the helped resident's rating of the helper, 1–5
    helped_rating: int | None  # the helper's rating of the helped resident


@dataclass
class PointsEntryPlan:
    id: str
    resident_id: str
    amount: int
    reason: str  # volunteer_hours | exchange | wish_fulfilled | redemption
    reference: str | None
    recorded_on: date
    hours: float | None = None  # for volunteer_hours


@dataclass
class WishPlan:
    id: str
    resident_id: str
    title: str
    posted_on: date
    claimant_id: str | None
    fulfilled: bool


@dataclass
class AcquaintancePlan:
    id: str
    from_resident_id: str
    to_resident_id: str
    context: str  # "floor", "unit", "activity:<id>", "group:<id>"
    declared_on: date
    confirmed: bool


@dataclass
class CommunityPlan:
    key: str  # e.g. demo-7; prefixes every id
    seed: int
    size: str
    start_date: date
    id: str
    name: str
    district: str
    compounds: list[CompoundPlan] = field(default_factory=list)
    buildings: list[BuildingPlan] = field(default_factory=list)
    households: list[HouseholdPlan] = field(default_factory=list)
    residents: list[ResidentPlan] = field(default_factory=list)
    activities: list[ActivityPlan] = field(default_factory=list)
    groups: list[GroupPlan] = field(default_factory=list)
    listings: list[ListingPlan] = field(default_factory=list)
    exchanges: list[ExchangePlan] = field(default_factory=list)
    points: list[PointsEntryPlan] = field(default_factory=list)
    wishes: list[WishPlan] = field(default_factory=list)
    acquaintances: list[AcquaintancePlan] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each thing the plan holds."""
        return {
            f.name: len(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), list)
        }


class IdFactory:
    """Stable ids: the plan key, the kind of thing and a per-kind counter."""

    def __init__(self, plan_key: str) -> None:
        self._plan_key = plan_key
        self._counters: dict[str, int] = {}

    def next(self, kind: str) -> str:
        count = self._counters.get(kind, 0) + 1
        self._counters[kind] = count
        return f"{self._plan_key}-{kind}-{count:06d}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def plan_to_dict(plan: CommunityPlan) -> dict[str, Any]:
    return dataclasses.asdict(plan)


def plan_to_json(plan: CommunityPlan, indent: int | None = None) -> str:
    return json.dumps(
        plan_to_dict(plan), ensure_ascii=False, default=_jsonable, indent=indent, sort_keys=True
    )


def plan_digest(plan: CommunityPlan) -> str:
    """A SHA-256 of the serialised plan: equal plans, equal digests."""
    return hashlib.sha256(plan_to_json(plan).encode()).hexdigest()
