from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from residents.domain.model import Availability, Gender, RecommendationMode, Role, Skill
from residents.service_layer import places, registration
from residents.service_layer.registration import SkillChoice
from shulin_events.schemas import (
    ResidentCareFlagsChanged,
    ResidentConsentChanged,
    ResidentInterestsChanged,
    ResidentRegistered,
    ResidentRolesChanged,
    ResidentSkillsChanged,
    SkillLevel,
)
from shulin_kit.errors import Conflict, InvalidInput, NotFound

Run = Callable[..., Any]
Register = Callable[..., Any]


def test_registering_a_resident_stores_them_and_emits_one_event(
    uow: Any, register: Register, place: dict[str, str]
) -> None:
    resident = register("  李老师 ", floor=5, phone="138 0013 8000")
    stored = uow.repo.get_resident(resident.id)
    assert stored.display_name == "李老师"
    assert stored.profile.phone == "13800138000"
    [event] = uow.published
    assert isinstance(event.payload, ResidentRegistered)
    assert event.community_id == place["community"]
    assert event.payload.building_id == place["b7"]
    assert event.payload.floor == 5


def test_a_full_profile_is_stored_and_its_shareable_parts_published(
    uow: Any, register: Register, place: dict[str, str]
) -> None:
    resident = register(
        "贡春杰",
        phone="13800138000",
        birth_year=1958,
        gender=Gender.FEMALE,
        moved_in_on=date(2012, 5, 1),
        languages=("普通话", " 粤语 ", "粤语", "湖北话"),
        availability=(Availability.WEEKEND, Availability.WEEKDAY_DAYTIME),
        skills=(SkillChoice("护士", 5), SkillChoice("Health advice", 4)),
        interests=("太极拳", "ＲＥＡＤＩＮＧ"),
        roles=(Role.VOLUNTEER, Role.BUILDING_HEAD),
        party_member=True,
        elderly_living_alone=True,
        contact_visible_to_operators=True,
        external_ref="NH-0007",
    )
    stored = uow.repo.get_resident(resident.id)
    assert stored.profile.languages == ("普通话", "粤语", "湖北话")
    assert stored.profile.availability == (Availability.WEEKDAY_DAYTIME, Availability.WEEKEND)
    assert stored.skills == (Skill("nurse", 5), Skill("health_advice", 4))
    assert stored.interests == ("tai_chi", "reading")
    assert stored.roles == (Role.BUILDING_HEAD, Role.VOLUNTEER)
    assert stored.sensitive.party_member and stored.external_ref == "NH-0007"

    payloads = uow.payloads()
    assert [type(p) for p in payloads] == [
        ResidentRegistered,
        ResidentSkillsChanged,
        ResidentInterestsChanged,
        ResidentRolesChanged,
        ResidentConsentChanged,
        ResidentCareFlagsChanged,
    ]
    registered, skills, interests, roles, consent, care = payloads
    assert registered.languages == ("普通话", "粤语", "湖北话")
    assert registered.moved_in_on == date(2012, 5, 1)
    assert skills.skills == (
        SkillLevel(tag="nurse", level=5),
        SkillLevel(tag="health_advice", level=4),
    )
    assert interests.interests == ("tai_chi", "reading")
    assert roles.roles == ("building_head", "volunteer")
    assert consent.contact_visible_to_operators and consent.recommendations == "personalised"
    assert care == ResidentCareFlagsChanged(
        resident_id=resident.id,
        community_id=place["community"],
        elderly_living_alone=True,
    )
    for e in uow.published:
        assert e.community_id == place["community"]
        text = str(e.payload.model_dump())
        assert "13800138000" not in text and "party" not in text and "NH-0007" not in text
        assert "贡春杰" not in text and "1958" not in text and "female" not in text


def test_a_plain_registration_publishes_no_empty_side_events(uow: Any, register: Register) -> None:
    register("王阿姨", may_be_recommended=False)
    assert [type(p) for p in uow.payloads()] == [ResidentRegistered]
    assert uow.payloads()[0].may_be_recommended is False


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
        ({"languages": ("普通话",) * 9}, "languages"),
        ({"languages": ("普通话", "粤语", "")}, "languages[2]"),
        ({"languages": ("普通话", "很长很长很长很长很长的方言")}, "languages[1]"),
        ({"skills": (SkillChoice("护士", 3), SkillChoice("会计", 6))}, "skills[1].level"),
        ({"skills": (SkillChoice("护士", 3), SkillChoice("会计", 0))}, "skills[1].level"),
        (
            {"skills": (SkillChoice("护士", 3), SkillChoice("会计", 2), SkillChoice("飞行", 2))},
            "skills[2].tag",
        ),
        ({"skills": (SkillChoice("护士", 3), SkillChoice("nursing", 2))}, "skills[1].tag"),
        ({"interests": ("太极", "不存在的兴趣")}, "interests[1]"),
        ({"external_ref": "   "}, "externalRef"),
        ({"idempotency_key": "short"}, "idempotencyKey"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    uow: Any, register: Register, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        register(**({"display_name": "李四"} | fields))
    assert err.value.field == field
    assert err.value.extensions == {"code": "BAD_USER_INPUT", "field": field}
    assert uow.repo.residents == {}
    assert uow.published == []


def test_unknown_community_or_building_or_household_is_not_found(
    uow: Any, register: Register
) -> None:
    for fields, field in (
        ({"community_id": "nope"}, "communityId"),
        ({"building_id": "nope"}, "buildingId"),
        ({"household_id": "nope"}, "householdId"),
    ):
        with pytest.raises(NotFound) as err:
            register("李四", **fields)
        assert err.value.field == field
    assert uow.repo.residents == {}


def test_a_building_of_another_community_is_refused(uow: Any, run: Run, register: Register) -> None:
    other = run(places.register_community, "桂一社区")
    building = run(places.add_building, other.id, "1栋", 6)
    with pytest.raises(InvalidInput) as err:
        register("李四", building_id=building.id)
    assert err.value.field == "buildingId"


def test_a_household_sets_the_floor_and_must_be_in_the_building(
    uow: Any, run: Run, register: Register, place: dict[str, str]
) -> None:
    home = run(places.add_household, place["b7"], 1, 5, "502")
    resident = register("李四", household_id=home.id)
    assert (resident.household_id, resident.floor) == (home.id, 5)
    event = uow.payloads()[-1]
    assert event.household_id == home.id and "502" not in str(event.model_dump())
    with pytest.raises(InvalidInput) as err:
        register("王五", household_id=home.id, floor=6)
    assert err.value.field == "floor"
    with pytest.raises(InvalidInput) as err:
        register("王五", household_id=home.id, building_id=place["b8"])
    assert err.value.field == "householdId"


def test_an_external_ref_already_registered_is_a_conflict_naming_it(
    uow: Any, register: Register, run: Run, place: dict[str, str]
) -> None:
    first = register("李四", external_ref="NH-0001")
    with pytest.raises(Conflict) as err:
        register("李四", external_ref="NH-0001")
    assert err.value.field == "externalRef" and first.id in err.value.message
    assert len(uow.repo.residents) == 1
    found = run(registration.resident_by_external_ref, place["community"], " NH-0001 ")
    assert found.id == first.id
    assert run(registration.resident_by_external_ref, place["community"], "NH-0002") is None


def test_the_same_external_ref_may_exist_in_another_community(
    uow: Any, register: Register, run: Run
) -> None:
    register("李四", external_ref="NH-0001")
    other = run(places.register_community, "桂一社区")
    building = run(places.add_building, other.id, "1栋", 6)
    register("李四", external_ref="NH-0001", community_id=other.id, building_id=building.id)
    assert len(uow.repo.residents) == 2


def test_a_retried_registration_returns_the_first_resident_and_publishes_nothing(
    uow: Any, register: Register
) -> None:
    first = register("李四", external_ref="NH-0001", idempotency_key="import-row-0001")
    published = len(uow.published)
    again = register("李四", external_ref="NH-0001", idempotency_key="import-row-0001")
    assert again.id == first.id
    assert len(uow.repo.residents) == 1 and len(uow.published) == published


def test_recommendation_mode_is_published_as_consent(uow: Any, register: Register) -> None:
    register("李四", recommendations=RecommendationMode.OFF)
    consent = uow.payloads()[-1]
    assert isinstance(consent, ResidentConsentChanged) and consent.recommendations == "off"
