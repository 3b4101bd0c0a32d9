from collections.abc import Callable
from typing import Any

import pytest

from residents.service_layer import places
from shulin_events.schemas import BuildingAdded, CommunityRegistered, CompoundAdded
from shulin_kit.errors import Conflict, DomainError, InvalidInput, NotFound

Run = Callable[..., Any]


def test_registering_a_community_publishes_community_registered(uow: Any, run: Run) -> None:
    community = run(places.register_community, " 南湖社区 ", "武昌区")
    assert uow.repo.get_community(community.id).name == "南湖社区"
    [event] = uow.published
    assert event.community_id == community.id
    assert event.payload == CommunityRegistered(
        community_id=community.id, name="南湖社区", district="武昌区"
    )


def test_adding_a_compound_publishes_compound_added(
    uow: Any, run: Run, place: dict[str, str]
) -> None:
    compound = run(places.add_compound, place["community"], "万科金域中央")
    [event] = uow.published
    assert event.community_id == place["community"]
    assert event.payload == CompoundAdded(
        compound_id=compound.id, community_id=place["community"], name="万科金域中央"
    )


def test_adding_a_building_in_a_compound_publishes_its_compound_and_units(
    uow: Any, run: Run, place: dict[str, str]
) -> None:
    building = run(places.add_building, place["community"], "9栋", 33, 3, place["compound"])
    assert uow.repo.get_building(building.id).compound_id == place["compound"]
    [event] = uow.published
    assert event.payload == BuildingAdded(
        building_id=building.id,
        community_id=place["community"],
        name="9栋",
        floors=33,
        compound_id=place["compound"],
        units=3,
    )


def test_a_building_needs_no_compound(uow: Any, run: Run, place: dict[str, str]) -> None:
    building = run(places.add_building, place["community"], "祠堂巷1号", 3)
    assert building.compound_id is None and building.units == 1


@pytest.mark.parametrize(
    ("args", "error", "field"),
    [
        (("7栋", 0), InvalidInput, "floors"),
        (("7栋", 121), InvalidInput, "floors"),
        (("7栋", 18, 0), InvalidInput, "units"),
        (("", 18), InvalidInput, "name"),
        (("7栋", 18, 1, "no-such-compound"), NotFound, "compoundId"),
    ],
)
def test_bad_building_is_refused_naming_the_field_and_nothing_is_stored(
    uow: Any,
    run: Run,
    place: dict[str, str],
    args: tuple[Any, ...],
    error: type[DomainError],
    field: str,
) -> None:
    before = dict(uow.repo.buildings)
    with pytest.raises(error) as err:
        run(places.add_building, place["community"], *args)
    assert err.value.field == field
    assert uow.repo.buildings == before and uow.published == []


def test_a_compound_of_another_community_is_refused(
    uow: Any, run: Run, place: dict[str, str]
) -> None:
    other = run(places.register_community, "桂一社区")
    with pytest.raises(InvalidInput) as err:
        run(places.add_building, other.id, "1栋", 6, 1, place["compound"])
    assert err.value.field == "compoundId"


def test_unknown_community_is_refused_for_compounds_and_buildings(uow: Any, run: Run) -> None:
    for use_case, args in ((places.add_compound, ("x",)), (places.add_building, ("1栋", 6))):
        with pytest.raises(NotFound) as err:
            run(use_case, "nope", *args)
        assert err.value.field == "communityId"


def test_adding_a_household_stores_the_address_and_publishes_nothing(
    uow: Any, run: Run, place: dict[str, str]
) -> None:
    household = run(places.add_household, place["b7"], 2, 5, " 502 ")
    stored = uow.repo.get_household(household.id)
    assert (stored.unit, stored.floor, stored.door) == (2, 5, "502")
    assert uow.published == [], "an exact address is personal data: no event"


@pytest.mark.parametrize(
    ("unit", "floor", "door", "field"),
    [(3, 5, "502", "unit"), (1, 19, "1902", "floor"), (1, 5, "", "door"), (1, 5, "x" * 11, "door")],
)
def test_bad_household_is_refused_naming_the_field(
    uow: Any, run: Run, place: dict[str, str], unit: int, floor: int, door: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        run(places.add_household, place["b7"], unit, floor, door)
    assert err.value.field == field
    assert uow.repo.households == {}


def test_the_same_address_twice_is_a_conflict(uow: Any, run: Run, place: dict[str, str]) -> None:
    run(places.add_household, place["b7"], 1, 5, "502")
    with pytest.raises(Conflict) as err:
        run(places.add_household, place["b7"], 1, 5, "502")
    assert err.value.field == "door"


def test_a_household_in_an_unknown_building_is_refused(uow: Any, run: Run) -> None:
    with pytest.raises(NotFound) as err:
        run(places.add_household, "nope", 1, 1, "101")
    assert err.value.field == "buildingId"


@pytest.mark.parametrize(
    ("use_case", "args"),
    [
        (places.register_community, ("南湖社区",)),
        (places.add_compound, ("{community}", "金域蓝湾")),
        (places.add_building, ("{community}", "9栋", 18)),
        (places.add_household, ("{b7}", 1, 5, "502")),
    ],
)
def test_a_retried_create_with_the_same_key_returns_the_first_result_and_publishes_nothing(
    uow: Any, run: Run, place: dict[str, str], use_case: Any, args: tuple[Any, ...]
) -> None:
    args = tuple(a.format(**place) if isinstance(a, str) else a for a in args)
    first = run(use_case, *args, idempotency_key="retry-key-0001")
    published = len(uow.published)
    again = run(use_case, *args, idempotency_key="retry-key-0001")
    assert again == first
    assert len(uow.published) == published


def test_a_different_key_creates_again(uow: Any, run: Run) -> None:
    first = run(places.register_community, "南湖社区", idempotency_key="retry-key-0001")
    second = run(places.register_community, "南湖社区", idempotency_key="retry-key-0002")
    assert first.id != second.id and len(uow.published) == 2


def test_a_malformed_idempotency_key_is_refused(uow: Any, run: Run) -> None:
    with pytest.raises(InvalidInput) as err:
        run(places.register_community, "南湖社区", idempotency_key="short")
    assert err.value.field == "idempotencyKey"
    assert uow.repo.communities == {}
