"""Creating an activity: the rules on its input and the ActivityCreated event."""

import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from activities.domain.model import Activity, ActivityKind
from activities.service_layer import activity_services as services
from shulin_events.schemas import ActivityCreated
from shulin_kit.errors import DomainError, InvalidInput, NotFound

BEIJING = timezone(timedelta(hours=8))
START = datetime(2025, 5, 10, 9, 0, tzinfo=BEIJING)


def command(**changes: Any) -> services.CreateActivity:
    fields: dict[str, Any] = {
        "community_id": "c-jinyu",
        "title": "重阳节义诊",
        "kind": ActivityKind.FREE_CLINIC,
        "starts_at": START,
        "ends_at": START + timedelta(hours=3),
        "place": "3号楼架空层",
        "capacity": 30,
    }
    fields.update(changes)
    return services.CreateActivity(**fields)


def create(uow: Any, **changes: Any) -> Activity:
    with uow:
        activity = services.create_activity(uow, command(**changes))
        uow.commit()
    return activity


def refused(uow: Any, **changes: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught, uow:
        services.create_activity(uow, command(**changes))
        uow.commit()
    return caught.value


def test_created_activity_is_stored_with_no_attendees(uow: Any) -> None:
    activity = create(uow)

    stored = uow.repo.get_activity(activity.id)
    assert stored is not None
    assert (stored.title, stored.kind, stored.place, stored.capacity) == (
        "重阳节义诊",
        ActivityKind.FREE_CLINIC,
        "3号楼架空层",
        30,
    )
    assert stored.attendee_count == 0


def test_times_are_kept_as_the_same_instant_in_utc(uow: Any) -> None:
    activity = create(uow)

    assert activity.starts_at == START
    assert activity.starts_at.tzinfo == UTC
    assert activity.starts_at.hour == 1


def test_title_and_place_are_trimmed_and_nfc_normalised(uow: Any) -> None:
    decomposed = unicodedata.normalize("NFD", "Café 读书会")
    activity = create(uow, title=f"  {decomposed}  ", place=" 社区书房 ")

    assert activity.title == "Café 读书会"
    assert activity.place == "社区书房"


def test_creating_an_activity_writes_activity_created_keyed_by_community(uow: Any) -> None:
    activity = create(uow)

    [envelope] = uow.outbox
    assert envelope.type == "ActivityCreated"
    assert envelope.key == b"c-jinyu"
    assert envelope.payload == ActivityCreated(
        activity_id=activity.id,
        community_id="c-jinyu",
        title="重阳节义诊",
        kind="FREE_CLINIC",
        starts_at="2025-05-10T01:00:00+00:00",
        ends_at="2025-05-10T04:00:00+00:00",
        capacity=30,
    )


def test_activity_without_capacity_has_no_limit(uow: Any) -> None:
    activity = create(uow, capacity=None)

    assert activity.capacity is None
    assert not activity.is_full


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_refused(uow: Any, title: str) -> None:
    error = refused(uow, title=title)

    assert error.field == "title"
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "title"}


def test_title_longer_than_60_characters_is_refused(uow: Any) -> None:
    assert refused(uow, title="读" * 61).field == "title"


def test_title_of_exactly_60_characters_is_accepted(uow: Any) -> None:
    assert create(uow, title="读" * 60).title == "读" * 60


@pytest.mark.parametrize("bad", ["\n", "\x00", "\u200b", "\u202e", "\u2028"])
def test_title_with_control_or_invisible_characters_is_refused(uow: Any, bad: str) -> None:
    assert refused(uow, title=f"百家{bad}宴").field == "title"


@pytest.mark.parametrize("place", ["", "楼" * 81, "楼\t下"])
def test_bad_place_is_refused(uow: Any, place: str) -> None:
    assert refused(uow, place=place).field == "place"


@pytest.mark.parametrize("community_id", ["", "c 1", "x" * 37])
def test_malformed_community_id_is_refused(uow: Any, community_id: str) -> None:
    assert refused(uow, community_id=community_id).field == "communityId"


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(minutes=-30)])
def test_ends_at_not_after_starts_at_is_refused(uow: Any, duration: timedelta) -> None:
    error = refused(uow, ends_at=START + duration)

    assert error.field == "endsAt"
    assert "after startsAt" in error.message


def test_ends_at_compared_as_instants_across_time_zones(uow: Any) -> None:
    # 08:30 UTC is 16:30 in Beijing: after a 09:00 Beijing start even though 8 < 9.
    activity = create(uow, ends_at=datetime(2025, 5, 10, 8, 30, tzinfo=UTC))

    assert activity.ends_at > activity.starts_at


@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
def test_time_without_time_zone_is_refused(uow: Any, field: str) -> None:
    naive = {"starts_at": datetime(2025, 5, 10, 9), "ends_at": datetime(2025, 5, 10, 12)}

    error = refused(uow, **{field: naive[field]})

    assert error.field == {"starts_at": "startsAt", "ends_at": "endsAt"}[field]
    assert "time zone" in error.message


@pytest.mark.parametrize("capacity", [0, -5])
def test_capacity_below_one_is_refused(uow: Any, capacity: int) -> None:
    error = refused(uow, capacity=capacity)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "capacity"}


def test_capacity_of_one_is_accepted(uow: Any) -> None:
    assert create(uow, capacity=1).capacity == 1


def test_refused_activity_is_not_stored_and_writes_no_event(uow: Any) -> None:
    refused(uow, capacity=0)

    assert uow.repo.activities == {}
    assert uow.outbox == []
    assert uow.commits == 0


def test_unknown_community_is_not_found_with_a_hint_to_retry(uow: Any) -> None:
    with pytest.raises(NotFound) as caught, uow:
        services.create_activity(uow, command(community_id="c-new"))

    assert caught.value.extensions == {"code": "NOT_FOUND", "field": "communityId"}
    assert "retry in a moment" in caught.value.message


def test_tags_and_synonyms_become_canonical_taxonomy_tags(uow: Any) -> None:
    activity = create(uow, tags=["太极", "Reading", "tai_chi"])

    assert activity.tags == ("tai_chi", "reading")
    assert uow.outbox[0].payload.tags == ("tai_chi", "reading")


def test_unknown_tag_is_refused_naming_its_index(uow: Any) -> None:
    error = refused(uow, tags=["太极", "karaoke"])

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "tags[1]"}
    assert "karaoke" in error.message


def test_organizer_and_building_scope_are_checked_and_published(uow: Any) -> None:
    activity = create(uow, community_id="c-1", organizer_id="r-1", building_ids=["b-1", "b-2"])

    payload = uow.outbox[0].payload
    assert (payload.organizer_id, payload.building_ids) == ("r-1", ("b-1", "b-2"))
    assert activity.building_ids == ("b-1", "b-2")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"organizer_id": "r-nobody"}, "NOT_FOUND", "organizerId"),
        ({"organizer_id": "r-other"}, "BAD_USER_INPUT", "organizerId"),
        ({"building_ids": ["b-1", "b-nowhere"]}, "NOT_FOUND", "buildingIds[1]"),
        ({"building_ids": ["b-9"]}, "BAD_USER_INPUT", "buildingIds[0]"),
    ],
)
def test_organizer_and_buildings_must_belong_to_the_community(
    uow: Any, changes: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as caught, uow:
        services.create_activity(uow, command(community_id="c-1", **changes))
        uow.commit()

    assert caught.value.extensions == {"code": code, "field": field}
    assert uow.outbox == []


def test_same_idempotency_key_returns_the_first_activity_without_a_second_event(
    uow: Any,
) -> None:
    first = create(uow, idempotency_key="key-00000001")
    again = create(uow, idempotency_key="key-00000001", title="another title")

    assert again.id == first.id
    assert again.title == "重阳节义诊"
    assert len(uow.repo.activities) == 1
    assert [e.type for e in uow.outbox] == ["ActivityCreated"]


def test_too_short_idempotency_key_is_refused(uow: Any) -> None:
    assert refused(uow, idempotency_key="short").field == "idempotencyKey"
