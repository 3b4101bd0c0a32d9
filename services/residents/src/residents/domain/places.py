"""Places: community (社区) → compound (小区, optional) → building (楼栋) → household (户)."""

from dataclasses import dataclass

from residents.domain.ids import new_id
from residents.domain.validation import check_range, clean_name, clean_optional
from shulin_kit.errors import InvalidInput

MAX_FLOORS = 120
MAX_UNITS = 30
LOWEST_FLOOR = -5  # basements


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
            district=clean_optional(district, "district", 60),
        )


@dataclass
class Compound:
    id: str
    community_id: str
    name: str

    @classmethod
    def create(cls, community: Community, name: str) -> "Compound":
        return cls(new_id(), community.id, clean_name(name, "name", 60))


@dataclass
class Building:
    id: str
    community_id: str
    name: str
    floors: int
    units: int = 1
    compound_id: str | None = None

    @classmethod
    def create(
        cls,
        community: Community,
        name: str,
        floors: int,
        units: int = 1,
        compound: Compound | None = None,
    ) -> "Building":
        check_range(floors, "floors", 1, MAX_FLOORS)
        check_range(units, "units", 1, MAX_UNITS)
        if compound is not None and compound.community_id != community.id:
            raise InvalidInput("compoundId belongs to another community", "compoundId")
        return cls(
            id=new_id(),
            community_id=community.id,
            name=clean_name(name, "name", 40),
            floors=floors,
            units=units,
            compound_id=compound.id if compound else None,
        )

    def check_floor(self, floor: int | None, field: str = "floor") -> None:
        check_range(floor, field, LOWEST_FLOOR, self.floors)


@dataclass
class Household:
    """户: one address. The exact address (unit, floor, door) is personal data."""

    id: str
    community_id: str
    building_id: str
    unit: int
    floor: int
    door: str

    @classmethod
    def create(cls, building: Building, unit: int, floor: int, door: str) -> "Household":
        check_range(unit, "unit", 1, building.units)
        building.check_floor(floor)
        return cls(
            id=new_id(),
            community_id=building.community_id,
            building_id=building.id,
            unit=unit,
            floor=floor,
            door=clean_name(door, "door", 10),
        )


def place_in(
    building: Building, household: Household | None, floor: int | None
) -> tuple[str | None, int | None]:
    """Where a resident lives in `building`: (household id, floor), checked against each other."""
    building.check_floor(floor)
    if household is None:
        return None, floor
    if household.building_id != building.id:
        raise InvalidInput("householdId is in another building", "householdId")
    if floor is not None and floor != household.floor:
        raise InvalidInput(f"floor differs from the household's floor {household.floor}", "floor")
    return household.id, household.floor
