"""Communities (社区), buildings (楼栋) and residents (居民), with the rules that bind them."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from residents.domain.validation import check_range, clean_name, clean_phone
from shulin_kit.errors import InvalidInput

MAX_FLOORS = 120


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Community:
    id: str
    name: str
    district: str | None = None

    @classmethod
    def create(cls, name: str, district: str | None) -> "Community":
        return cls(
            id=new_id(),
            name=clean_name(name, "name", 60),
            district=clean_name(district, "district", 60) if district is not None else None,
        )


@dataclass
class Building:
    id: str
    community_id: str
    name: str
    floors: int

    @classmethod
    def create(cls, community: Community, name: str, floors: int) -> "Building":
        check_range(floors, "floors", 1, MAX_FLOORS)
        return cls(new_id(), community.id, clean_name(name, "name", 40), floors)


@dataclass
class Resident:
    id: str
    community_id: str
    building_id: str
    display_name: str
    floor: int | None = None
    phone: str | None = None
    birth_year: int | None = None
    moved_in_on: date | None = None
    may_be_recommended: bool = True
    registered_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def register(
        cls,
        community: Community,
        building: Building,
        display_name: str,
        floor: int | None = None,
        phone: str | None = None,
        birth_year: int | None = None,
        moved_in_on: date | None = None,
        may_be_recommended: bool = True,
    ) -> "Resident":
        if building.community_id != community.id:
            raise InvalidInput("buildingId belongs to another community", "buildingId")
        check_range(floor, "floor", -5, building.floors)
        today = datetime.now(UTC).date()
        check_range(birth_year, "birthYear", 1900, today.year)
        if moved_in_on is not None and moved_in_on > today:
            raise InvalidInput("movedInOn is in the future", "movedInOn")
        return cls(
            id=new_id(),
            community_id=community.id,
            building_id=building.id,
            display_name=clean_name(display_name, "displayName", 40),
            floor=floor,
            phone=clean_phone(phone),
            birth_year=birth_year,
            moved_in_on=moved_in_on,
            may_be_recommended=may_be_recommended,
        )
