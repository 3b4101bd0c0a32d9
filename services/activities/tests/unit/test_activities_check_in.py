"""Checking in (签到): only registered residents, only around the activity's time, once."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from activities.domain.model import Activity, ActivityKind
from activities.service_layer import activity_services as services
from shulin_events.schemas import NeighbourMetAtActivity, ResidentCheckedIn
from shulin_kit.errors import Conflict, DomainError, InvalidInput, NotFound

START = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
DURING = START + timedelta(minutes=30)


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


def register(uow: Any, activity_id: str, *residents: str) -> None:
    for resident in residents:
        with uow:
            services.register(uow, activity_id, resident, now=START - timedelta(days=1))
            uow.commit()
    uow.outbox.clear()


def check_in(
    uow: Any,
    activity_id: str,
    resident_id: str,
    met: list[str] | None = None,
    now: datetime = DURING,
) -> Activity:
    with uow:
        activity = services.check_in(uow, activity_id, resident_id, met, now=now)
        uow.commit()
    return activity


def refused_check_in(
    uow: Any,
    activity_id: str,
    resident_id: str,
    met: list[str] | None = None,
    now: datetime = DURING,
) -> DomainError:
    with pytest.raises(DomainError) as caught, uow:
        services.check_in(uow, activity_id, resident_id, met, now=now)
        uow.commit()
    return caught.value


def test_check_in_counts_the_attendee(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")

    returned = check_in(uow, activity.id, "r-1")

    assert returned.attendee_count == 1
    assert uow.repo.get_activity(activity.id).attendee_count == 1
    assert uow.repo.has_checked_in(activity.id, "r-1")


def test_check_in_writes_resident_checked_in_keyed_by_community(uow: Any) -> None:
    activity = new_activity(uow, community_id="c-7")
    register(uow, activity.id, "r-c7")

    check_in(uow, activity.id, "r-c7")

    [envelope] = uow.outbox
    assert envelope.type == "ResidentCheckedIn"
    assert envelope.key == b"c-7"
    assert isinstance(envelope.payload, ResidentCheckedIn)
    assert (envelope.payload.activity_id, envelope.payload.resident_id) == (activity.id, "r-c7")
    assert datetime.fromisoformat(envelope.payload.checked_in_at) == DURING


def test_check_in_without_registration_is_refused(uow: Any) -> None:
    activity = new_activity(uow)

    error = refused_check_in(uow, activity.id, "r-1")

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "residentId"}
    assert "register first" in error.message
    assert uow.outbox == []


def test_waitlisted_resident_cannot_check_in(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)
    register(uow, activity.id, "r-1", "r-2")

    error = refused_check_in(uow, activity.id, "r-2")

    assert isinstance(error, InvalidInput)
    assert "waitlist" in error.message
    assert uow.repo.get_activity(activity.id).attendee_count == 0


@pytest.mark.parametrize(
    "now",
    [
        START - timedelta(hours=1),
        START + timedelta(hours=2, minutes=1),
        START + timedelta(hours=14),
    ],
)
def test_check_in_window_opens_an_hour_before_and_closes_12_hours_after(
    uow: Any, now: datetime
) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")

    assert check_in(uow, activity.id, "r-1", now=now).attendee_count == 1


def test_check_in_more_than_an_hour_before_the_start_is_refused(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")

    error = refused_check_in(uow, activity.id, "r-1", now=START - timedelta(minutes=61))

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "activityId"}
    assert "in the future" in error.message
    assert uow.outbox == []


def test_check_in_more_than_12_hours_after_the_end_is_refused(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")

    error = refused_check_in(uow, activity.id, "r-1", now=START + timedelta(hours=14, seconds=1))

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "activityId"}
    assert "closed" in error.message


def test_check_in_to_a_cancelled_activity_is_refused(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")
    with uow:
        services.cancel_activity(uow, activity.id, now=START - timedelta(days=1))
        uow.commit()

    assert isinstance(refused_check_in(uow, activity.id, "r-1"), Conflict)


def test_check_in_to_unknown_activity_is_not_found(uow: Any) -> None:
    error = refused_check_in(uow, "no-such-activity", "r-1")

    assert isinstance(error, NotFound)
    assert error.extensions == {"code": "NOT_FOUND", "field": "activityId"}


def test_check_in_twice_is_refused(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")
    check_in(uow, activity.id, "r-1")
    uow.outbox.clear()

    error = refused_check_in(uow, activity.id, " r-1 ")

    assert error.extensions == {"code": "CONFLICT", "field": "residentId"}
    assert uow.repo.get_activity(activity.id).attendee_count == 1
    assert uow.outbox == []


def test_who_did_you_meet_publishes_one_event_per_neighbour(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1", "r-2", "r-3")
    check_in(uow, activity.id, "r-1")
    check_in(uow, activity.id, "r-2")
    uow.outbox.clear()

    check_in(uow, activity.id, "r-3", met=["r-1", "r-2", "r-1"])

    met = [e.payload for e in uow.outbox if e.type == "NeighbourMetAtActivity"]
    assert met == [
        NeighbourMetAtActivity(
            activity_id=activity.id, community_id="c-1", resident_id="r-3", met_resident_id=m
        )
        for m in ("r-1", "r-2")
    ]


@pytest.mark.parametrize(("met", "field"), [(["r-1", "r-9"], "met[1]"), (["r-3"], "met[0]")])
def test_met_must_be_another_checked_in_attendee(uow: Any, met: list[str], field: str) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1", "r-3", "r-9")
    check_in(uow, activity.id, "r-1")
    uow.outbox.clear()

    error = refused_check_in(uow, activity.id, "r-3", met=met)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": field}
    assert not uow.repo.has_checked_in(activity.id, "r-3")
    assert uow.outbox == []


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
    register(uow, early.id, "r-1")
    register(uow, late.id, "r-1")
    check_in(uow, early.id, "r-1")
    check_in(uow, late.id, "r-1", now=START + timedelta(days=7))

    assert [a.id for a in uow.repo.activities_attended_by("r-1", 10)] == [late.id, early.id]
