"""Checking in (签到): who may, how often, and what it records."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from activities.domain.model import Activity, ActivityKind
from activities.service_layer import services
from shulin_events.schemas import ResidentCheckedIn
from shulin_kit.errors import Conflict, DomainError, InvalidInput, NotFound

START = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)


def new_activity(uow: Any, capacity: int | None = 10, community_id: str = "c-1") -> Activity:
    cmd = services.CreateActivity(
        community_id=community_id,
        title="百家宴",
        kind=ActivityKind.HUNDRED_FAMILY_BANQUET,
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        place="中心广场",
        capacity=capacity,
    )
    with uow:
        activity = services.create_activity(uow, cmd)
        uow.commit()
    uow.outbox.clear()
    return activity


def check_in(uow: Any, activity_id: str, resident_id: str) -> Activity:
    with uow:
        activity = services.check_in(uow, activity_id, resident_id)
        uow.commit()
    return activity


def refused_check_in(uow: Any, activity_id: str, resident_id: str) -> DomainError:
    with pytest.raises(DomainError) as caught, uow:
        services.check_in(uow, activity_id, resident_id)
        uow.commit()
    return caught.value


def test_check_in_counts_the_attendee(uow: Any) -> None:
    activity = new_activity(uow)

    returned = check_in(uow, activity.id, "r-1")

    assert returned.attendee_count == 1
    assert uow.repo.get_activity(activity.id).attendee_count == 1
    assert uow.repo.has_checked_in(activity.id, "r-1")


def test_check_in_writes_resident_checked_in_keyed_by_community(uow: Any) -> None:
    activity = new_activity(uow, community_id="c-7")

    check_in(uow, activity.id, "r-1")

    [envelope] = uow.outbox
    assert envelope.type == "ResidentCheckedIn"
    assert envelope.key == b"c-7"
    assert isinstance(envelope.payload, ResidentCheckedIn)
    assert (envelope.payload.activity_id, envelope.payload.resident_id) == (activity.id, "r-1")
    assert envelope.payload.community_id == "c-7"
    assert datetime.fromisoformat(envelope.payload.checked_in_at).tzinfo is not None


def test_check_in_to_unknown_activity_is_not_found(uow: Any) -> None:
    error = refused_check_in(uow, "no-such-activity", "r-1")

    assert isinstance(error, NotFound)
    assert error.extensions == {"code": "NOT_FOUND", "field": "activityId"}
    assert uow.outbox == []


def test_check_in_twice_is_refused(uow: Any) -> None:
    activity = new_activity(uow)
    check_in(uow, activity.id, "r-1")
    uow.outbox.clear()

    error = refused_check_in(uow, activity.id, "r-1")

    assert isinstance(error, Conflict)
    assert error.extensions == {"code": "CONFLICT", "field": "residentId"}
    assert uow.repo.get_activity(activity.id).attendee_count == 1
    assert uow.outbox == []


def test_check_in_twice_is_refused_even_with_surrounding_spaces(uow: Any) -> None:
    activity = new_activity(uow)
    check_in(uow, activity.id, "r-1")

    assert isinstance(refused_check_in(uow, activity.id, " r-1 "), Conflict)


def test_check_in_to_a_full_activity_is_refused(uow: Any) -> None:
    activity = new_activity(uow, capacity=2)
    check_in(uow, activity.id, "r-1")
    check_in(uow, activity.id, "r-2")
    uow.outbox.clear()

    error = refused_check_in(uow, activity.id, "r-3")

    assert isinstance(error, Conflict)
    assert error.extensions == {"code": "CONFLICT", "field": "activityId"}
    assert "full" in error.message
    assert not uow.repo.has_checked_in(activity.id, "r-3")
    assert uow.repo.get_activity(activity.id).attendee_count == 2
    assert uow.outbox == []


def test_check_in_is_refused_when_the_last_place_went_meanwhile(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)
    take_place = uow.repo.take_place

    def another_request_took_it_first(activity_id: str) -> bool:
        uow.repo.activities[activity_id].attendee_count = 1
        return bool(take_place(activity_id))

    uow.repo.take_place = another_request_took_it_first

    error = refused_check_in(uow, activity.id, "r-2")

    assert isinstance(error, Conflict)
    assert error.extensions == {"code": "CONFLICT", "field": "activityId"}
    assert not uow.repo.has_checked_in(activity.id, "r-2")
    assert uow.outbox == []


def test_activity_without_capacity_admits_everyone(uow: Any) -> None:
    activity = new_activity(uow, capacity=None)

    for n in range(50):
        check_in(uow, activity.id, f"r-{n}")

    assert uow.repo.get_activity(activity.id).attendee_count == 50


@pytest.mark.parametrize("resident_id", ["", "  ", "r\n1", "r" * 37])
def test_malformed_resident_id_is_refused(uow: Any, resident_id: str) -> None:
    activity = new_activity(uow)

    error = refused_check_in(uow, activity.id, resident_id)

    assert isinstance(error, InvalidInput)
    assert error.field == "residentId"
    assert uow.repo.check_ins == {}


def test_resident_activities_are_latest_start_first(uow: Any) -> None:
    early = new_activity(uow)
    late_cmd = services.CreateActivity(
        community_id="c-1",
        title="读书会",
        kind=ActivityKind.READING_CLUB,
        starts_at=START + timedelta(days=7),
        ends_at=START + timedelta(days=7, hours=1),
        place="社区书房",
    )
    with uow:
        late = services.create_activity(uow, late_cmd)
        uow.commit()
    check_in(uow, early.id, "r-1")
    check_in(uow, late.id, "r-1")

    assert [a.id for a in uow.repo.activities_attended_by("r-1", 10)] == [late.id, early.id]
