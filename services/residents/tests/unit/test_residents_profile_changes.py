from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from residents.domain.model import Gender, RecommendationMode, Role, Skill
from residents.service_layer import places, profile, registration
from residents.service_layer.profile import ConsentChange, SensitiveChange
from residents.service_layer.registration import SkillChoice, UpdateProfile
from shulin_events.schemas import (
    ResidentCareFlagsChanged,
    ResidentConsentChanged,
    ResidentInterestsChanged,
    ResidentMoved,
    ResidentProfileUpdated,
    ResidentRolesChanged,
    ResidentSkillsChanged,
    SkillLevel,
)
from shulin_kit.errors import Conflict, InvalidInput, NotFound

Run = Callable[..., Any]


@pytest.fixture
def me(uow: Any, register: Callable[..., Any]) -> Any:
    resident = register("李老师", floor=5, phone="13800138000", birth_year=1960)
    uow.published.clear()
    return resident


def test_updating_the_profile_publishes_the_shareable_snapshot(uow: Any, run: Run, me: Any) -> None:
    run(
        registration.update_profile,
        UpdateProfile(me.id, display_name="李秀英", gender=Gender.FEMALE, languages=("粤语",)),
    )
    stored = uow.repo.get_resident(me.id)
    assert stored.display_name == "李秀英" and stored.profile.birth_year == 1960, "kept"
    assert stored.profile.phone == "13800138000"
    [event] = uow.published
    assert event.payload == ResidentProfileUpdated(
        resident_id=me.id, community_id=me.community_id, languages=("粤语",)
    )


def test_null_clears_an_optional_field(uow: Any, run: Run, me: Any) -> None:
    run(registration.update_profile, UpdateProfile(me.id, birth_year=None, phone=None))
    stored = uow.repo.get_resident(me.id)
    assert stored.profile.birth_year is None and stored.profile.phone is None


def test_changing_only_personal_data_publishes_nothing(uow: Any, run: Run, me: Any) -> None:
    run(
        registration.update_profile,
        UpdateProfile(
            me.id,
            display_name="李秀英",
            gender=Gender.FEMALE,
            birth_year=1961,
            phone="13900139000",
            moved_in_on=date(2020, 1, 1),
        ),
    )
    stored = uow.repo.get_resident(me.id)
    assert stored.profile.phone == "13900139000" and stored.display_name == "李秀英"
    assert uow.published == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"display_name": " "}, "displayName"),
        ({"phone": "555"}, "phone"),
        ({"birth_year": 3000}, "birthYear"),
        ({"languages": ("",)}, "languages[0]"),
        ({"external_ref": "\x07"}, "externalRef"),
    ],
)
def test_a_bad_update_is_refused_naming_the_field_and_changes_nothing(
    uow: Any, run: Run, me: Any, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        run(registration.update_profile, UpdateProfile(me.id, **change))
    assert err.value.field == field
    assert uow.repo.get_resident(me.id) == me and uow.published == []


def test_an_external_ref_taken_by_another_resident_is_a_conflict(
    uow: Any, run: Run, register: Callable[..., Any], me: Any
) -> None:
    register("王五", external_ref="NH-0002")
    with pytest.raises(Conflict) as err:
        run(registration.update_profile, UpdateProfile(me.id, external_ref="NH-0002"))
    assert err.value.field == "externalRef"
    run(registration.update_profile, UpdateProfile(me.id, external_ref="NH-0001"))
    assert uow.repo.get_resident(me.id).external_ref == "NH-0001"


def test_every_change_to_an_unknown_resident_is_not_found(uow: Any, run: Run) -> None:
    for use_case, args in (
        (registration.update_profile, (UpdateProfile("nope", display_name="x"),)),
        (registration.move_resident, ("nope", "b")),
        (profile.set_skills, ("nope", ())),
        (profile.set_interests, ("nope", ())),
        (profile.set_roles, ("nope", ())),
        (profile.verify_skill, ("nope", "nurse")),
        (profile.set_consent, ("nope", ConsentChange())),
        (profile.set_sensitive_attributes, ("nope", SensitiveChange())),
        (profile.remove_resident, ("nope",)),
    ):
        with pytest.raises(NotFound) as err:
            run(use_case, *args)
        assert err.value.field == "residentId", use_case


def test_moving_publishes_the_new_building_and_floor(
    uow: Any, run: Run, me: Any, place: dict[str, str]
) -> None:
    home = run(places.add_household, place["b8"], 1, 3, "301")
    run(registration.move_resident, me.id, place["b8"], home.id)
    stored = uow.repo.get_resident(me.id)
    assert (stored.building_id, stored.household_id, stored.floor) == (place["b8"], home.id, 3)
    [event] = uow.payloads()[-1:]
    assert event == ResidentMoved(
        resident_id=me.id,
        community_id=place["community"],
        building_id=place["b8"],
        floor=3,
        household_id=home.id,
    )


def test_moving_to_where_one_lives_publishes_nothing(uow: Any, run: Run, me: Any) -> None:
    run(registration.move_resident, me.id, me.building_id, None, 5)
    assert uow.published == []


def test_moving_to_another_community_is_refused(uow: Any, run: Run, me: Any) -> None:
    other = run(places.register_community, "桂一社区")
    building = run(places.add_building, other.id, "1栋", 6)
    uow.published.clear()
    with pytest.raises(InvalidInput) as err:
        run(registration.move_resident, me.id, building.id)
    assert err.value.field == "buildingId"
    assert uow.repo.get_resident(me.id).building_id == me.building_id and uow.published == []


def test_moving_to_an_unknown_building_or_a_too_high_floor_is_refused(
    uow: Any, run: Run, me: Any, place: dict[str, str]
) -> None:
    with pytest.raises(NotFound) as not_found:
        run(registration.move_resident, me.id, "nope")
    assert not_found.value.field == "buildingId"
    with pytest.raises(InvalidInput) as too_high:
        run(registration.move_resident, me.id, place["b8"], None, 13)
    assert too_high.value.field == "floor"


def test_setting_skills_maps_synonyms_and_publishes_the_full_set(
    uow: Any, run: Run, me: Any
) -> None:
    run(profile.set_skills, me.id, [SkillChoice("修水管", 3), SkillChoice("ＣＰＲ", 2)])
    assert uow.repo.get_resident(me.id).skills == (Skill("plumbing", 3), Skill("first_aid", 2))
    [event] = uow.payloads()
    assert event == ResidentSkillsChanged(
        resident_id=me.id,
        community_id=me.community_id,
        skills=(SkillLevel(tag="plumbing", level=3), SkillLevel(tag="first_aid", level=2)),
    )


def test_an_unknown_skill_or_level_names_its_place_in_the_list(uow: Any, run: Run, me: Any) -> None:
    for skills, field in (
        ([SkillChoice("护士", 3), SkillChoice("护士", 5)], "skills[1].tag"),
        ([SkillChoice("护士", 3), SkillChoice("会计", 3), SkillChoice("占卜", 1)], "skills[2].tag"),
        ([SkillChoice("护士", 9)], "skills[0].level"),
    ):
        with pytest.raises(InvalidInput) as err:
            run(profile.set_skills, me.id, skills)
        assert err.value.field == field
    assert uow.repo.get_resident(me.id).skills == () and uow.published == []


def test_verifying_a_skill_publishes_it_verified(uow: Any, run: Run, me: Any) -> None:
    run(profile.set_skills, me.id, [SkillChoice("nurse", 4), SkillChoice("cooking", 2)])
    run(profile.verify_skill, me.id, "护士")
    assert uow.repo.get_resident(me.id).skills == (Skill("nurse", 4, True), Skill("cooking", 2))
    assert uow.payloads()[-1].skills[0] == SkillLevel(tag="nurse", level=4, verified=True)
    published = len(uow.published)
    run(profile.verify_skill, me.id, "nurse")
    assert len(uow.published) == published, "verifying again changes nothing"


def test_a_verification_survives_only_an_unchanged_level(uow: Any, run: Run, me: Any) -> None:
    run(profile.set_skills, me.id, [SkillChoice("nurse", 4), SkillChoice("cooking", 2)])
    run(profile.verify_skill, me.id, "nurse")
    run(profile.verify_skill, me.id, "cooking")
    run(profile.set_skills, me.id, [SkillChoice("nurse", 4), SkillChoice("cooking", 3)])
    assert uow.repo.get_resident(me.id).skills == (Skill("nurse", 4, True), Skill("cooking", 3))


def test_verifying_a_skill_the_resident_lacks_is_refused(uow: Any, run: Run, me: Any) -> None:
    for tag in ("nurse", "不存在"):
        with pytest.raises(InvalidInput) as err:
            run(profile.verify_skill, me.id, tag)
        assert err.value.field == "tag"


def test_setting_interests_maps_synonyms_and_publishes(uow: Any, run: Run, me: Any) -> None:
    run(profile.set_interests, me.id, ["跳广场舞", "Badminton", "羽毛球"])
    [event] = uow.payloads()
    assert event == ResidentInterestsChanged(
        resident_id=me.id, community_id=me.community_id, interests=("square_dance", "badminton")
    )
    with pytest.raises(InvalidInput) as err:
        run(profile.set_interests, me.id, ["读书", "赌博"])
    assert err.value.field == "interests[1]"


def test_setting_roles_publishes_them(uow: Any, run: Run, me: Any) -> None:
    run(profile.set_roles, me.id, [Role.DISPUTE_OBSERVER, Role.BUILDING_HEAD])
    [event] = uow.payloads()
    assert event == ResidentRolesChanged(
        resident_id=me.id, community_id=me.community_id, roles=("building_head", "dispute_observer")
    )
    run(profile.set_roles, me.id, [Role.BUILDING_HEAD, Role.DISPUTE_OBSERVER])
    assert len(uow.published) == 1, "the same set again publishes nothing"


def test_setting_consent_publishes_the_settings(uow: Any, run: Run, me: Any) -> None:
    resident = run(
        profile.set_consent,
        me.id,
        ConsentChange(
            may_be_recommended=False, recommendations=RecommendationMode.NON_PERSONALISED
        ),
    )
    assert resident.consent.contact_visible_to_operators is False, "left as it was"
    [event] = uow.payloads()
    assert event == ResidentConsentChanged(
        resident_id=me.id,
        community_id=me.community_id,
        may_be_recommended=False,
        contact_visible_to_operators=False,
        recommendations="non_personalised",
    )
    run(profile.set_consent, me.id, ConsentChange(may_be_recommended=False))
    assert len(uow.published) == 1


def test_party_membership_is_stored_but_never_published(uow: Any, run: Run, me: Any) -> None:
    run(profile.set_sensitive_attributes, me.id, SensitiveChange(party_member=True))
    assert uow.repo.get_resident(me.id).sensitive.party_member is True
    assert uow.published == []


def test_care_flags_are_published_alone(uow: Any, run: Run, me: Any) -> None:
    run(
        profile.set_sensitive_attributes,
        me.id,
        SensitiveChange(party_member=True, elderly_living_alone=True, needs_care=True),
    )
    [event] = uow.published
    assert event.payload == ResidentCareFlagsChanged(
        resident_id=me.id, community_id=me.community_id, elderly_living_alone=True
    )
    assert "party" not in str(event.payload.model_dump())


def test_whether_someone_needs_care_is_not_published(uow: Any, run: Run, me: Any) -> None:
    run(profile.set_sensitive_attributes, me.id, SensitiveChange(needs_care=True))
    assert uow.repo.get_resident(me.id).sensitive.needs_care is True
    assert uow.published == []
