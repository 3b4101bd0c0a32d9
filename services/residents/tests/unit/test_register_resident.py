from datetime import date, timedelta
from typing import Any

import pytest

from residents.service_layer import services
from residents.service_layer.services import RegisterResident
from shulin_events.schemas import BuildingAdded, CommunityRegistered, ResidentRegistered
from shulin_kit.errors import InvalidInput, NotFound


def _place(uow: Any) -> tuple[str, str]:
    with uow:
        community = services.register_community(uow, "南湖社区", "武昌区")
        building = services.add_building(uow, community.id, "7栋", floors=18)
        uow.commit()
    return community.id, building.id


def _register(uow: Any, **fields: object) -> None:
    with uow:
        services.register_resident(uow, RegisterResident(**fields))  # type: ignore[arg-type]
        uow.commit()


def test_registering_a_resident_stores_them_and_emits_one_event(uow: Any) -> None:
    community_id, building_id = _place(uow)
    with uow:
        resident = services.register_resident(
            uow,
            RegisterResident(
                community_id, building_id, "  李老师 ", floor=5, phone="138 0013 8000"
            ),
        )
        uow.commit()
    assert uow.repo.get_resident(resident.id) == resident
    assert resident.display_name == "李老师"
    assert resident.phone == "13800138000"
    event = uow.published[-1]
    assert isinstance(event.payload, ResidentRegistered)
    assert event.community_id == community_id
    assert event.payload.building_id == building_id
    assert "phone" not in event.payload.model_dump(), "personal data never travels in events"


def test_community_and_building_emit_their_events(uow: Any) -> None:
    _place(uow)
    assert [type(e.payload) for e in uow.published] == [CommunityRegistered, BuildingAdded]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"display_name": ""}, "displayName"),
        ({"display_name": "   "}, "displayName"),
        ({"display_name": "张" * 41}, "displayName"),
        ({"display_name": "王\x00五"}, "displayName"),
        ({"display_name": "王\u202e五"}, "displayName"),
        ({"floor": 19}, "floor"),
        ({"phone": "12345"}, "phone"),
        ({"birth_year": 1850}, "birthYear"),
        ({"moved_in_on": date.today() + timedelta(days=30)}, "movedInOn"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    uow: Any, fields: dict[str, object], field: str
) -> None:
    community_id, building_id = _place(uow)
    published_before = len(uow.published)
    args = {
        "community_id": community_id,
        "building_id": building_id,
        "display_name": "李四",
    } | fields
    with pytest.raises(InvalidInput) as err:
        _register(uow, **args)
    assert err.value.field == field
    assert err.value.extensions == {"code": "BAD_USER_INPUT", "field": field}
    assert uow.repo.residents == {}
    assert len(uow.published) == published_before


def test_unknown_community_is_refused(uow: Any) -> None:
    _, building_id = _place(uow)
    with pytest.raises(NotFound) as err:
        _register(uow, community_id="nope", building_id=building_id, display_name="李四")
    assert err.value.field == "communityId"


def test_unknown_building_is_refused(uow: Any) -> None:
    community_id, _ = _place(uow)
    with pytest.raises(NotFound) as err:
        _register(uow, community_id=community_id, building_id="nope", display_name="李四")
    assert err.value.field == "buildingId"


def test_a_building_of_another_community_is_refused(uow: Any) -> None:
    community_id, _ = _place(uow)
    _, other_building = _place(uow)
    with pytest.raises(InvalidInput) as err:
        _register(uow, community_id=community_id, building_id=other_building, display_name="李四")
    assert err.value.field == "buildingId"


def test_a_building_needs_at_least_one_floor(uow: Any) -> None:
    community_id, _ = _place(uow)
    with pytest.raises(InvalidInput) as err, uow:
        services.add_building(uow, community_id, "8栋", floors=0)
    assert err.value.field == "floors"
