"""签到表: attendance of a started activity, entered after the event, all or nothing."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from activities.domain.model import Activity, ActivityKind
from activities.domain.validation import InvalidEntries
from activities.service_layer import activity_services, attendance_services
from shulin_events.schemas import ActivityRegistered, ResidentCheckedIn
from shulin_kit.errors import Conflict, DomainError

START = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
END = START + timedelta(hours=2)
LATER = START + timedelta(days=30)  # the sheet is typed in a month afterwards


def new_activity(
    uow: Any, capacity: int | None = 10, building_ids: tuple[str, ...] = ()
) -> Activity:
    cmd = activity_services.CreateActivity(
        community_id="c-1",
        title="百家宴",
        kind=ActivityKind.HUNDRED_FAMILY_BANQUET,
        starts_at=START,
        ends_at=END,
        place="中心广场",
        capacity=capacity,
        building_ids=list(building_ids),
    )
    with uow:
        activity = activity_services.create_activity(uow, cmd)
        uow.commit()
    uow.outbox.clear()
    return activity


def record(
    uow: Any,
    activity_id: str,
    *residents: str,
    checked_in_at: datetime | None = None,
    key: str | None = None,
    now: datetime = LATER,
) -> Activity:
    cmd = attendance_services.RecordAttendance(activity_id, list(residents), checked_in_at, key)
    with uow:
        activity = attendance_services.record_attendance(uow, cmd, now=now)
        uow.commit()
    return activity


def refused(uow: Any, activity_id: str, *residents: str, **options: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        record(uow, activity_id, *residents, **options)
    return caught.value


def test_recording_attendance_registers_and_checks_in_each_resident(uow: Any) -> None:
    activity = new_activity(uow)

    returned = record(uow, activity.id, "r-1", "r-2")

    assert (returned.registered_count, returned.attendee_count) == (2, 2)
    assert uow.repo.has_checked_in(activity.id, "r-1")
    assert not uow.repo.get_registration(activity.id, "r-2").waitlisted
    assert [e.type for e in uow.outbox] == ["ActivityRegistered", "ResidentCheckedIn"] * 2


def test_recorded_check_ins_happen_at_the_start_unless_a_time_is_given(uow: Any) -> None:
    activity = new_activity(uow)
    arrived = START + timedelta(minutes=20)

    record(uow, activity.id, "r-1")
    record(uow, activity.id, "r-2", checked_in_at=arrived)

    check_ins = [e for e in uow.outbox if isinstance(e.payload, ResidentCheckedIn)]
    assert [datetime.fromisoformat(e.payload.checked_in_at) for e in check_ins] == [START, arrived]
    assert [e.occurred_at for e in check_ins] == [START, arrived]
    assert all(e.key == b"c-1" for e in uow.outbox)


def test_recording_a_future_activity_is_refused(uow: Any) -> None:
    activity = new_activity(uow)

    error = refused(uow, activity.id, "r-1", now=START - timedelta(minutes=5))

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "activityId"}
    assert "register and check in instead" in error.message
    assert uow.outbox == []


@pytest.mark.parametrize(
    "arrived", [START - timedelta(hours=1, minutes=1), END + timedelta(hours=12, seconds=1)]
)
def test_a_check_in_time_outside_the_window_is_refused(uow: Any, arrived: datetime) -> None:
    activity = new_activity(uow)

    error = refused(uow, activity.id, "r-1", checked_in_at=arrived)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "checkedInAt"}


def test_residents_already_checked_in_are_skipped_not_refused(uow: Any) -> None:
    activity = new_activity(uow)
    record(uow, activity.id, "r-1")
    uow.outbox.clear()

    returned = record(uow, activity.id, "r-1", "r-2", "r-2")

    assert (returned.registered_count, returned.attendee_count) == (2, 2)
    assert [e.payload.resident_id for e in uow.outbox] == ["r-2", "r-2"]


def test_capacity_does_not_limit_a_record_of_who_came(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)

    returned = record(uow, activity.id, "r-1", "r-2", "r-3")

    assert (returned.registered_count, returned.attendee_count) == (3, 3)


def test_a_waitlisted_resident_who_came_gets_a_confirmed_place(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)
    for resident in ("r-1", "r-2"):
        with uow:
            activity_services.register(uow, activity.id, resident, now=START - timedelta(days=1))
            uow.commit()
    uow.outbox.clear()

    returned = record(uow, activity.id, "r-2")

    assert (returned.registered_count, returned.waitlist_count) == (2, 0)
    registered = uow.outbox[0].payload
    assert isinstance(registered, ActivityRegistered)
    assert (registered.resident_id, registered.waitlisted) == ("r-2", False)


def test_wrong_residents_are_named_by_index_and_nothing_is_recorded(uow: Any) -> None:
    activity = new_activity(uow, building_ids=("b-1",))

    error = refused(uow, activity.id, "r-1", "r-nobody", "r-other", "r-b2")

    assert isinstance(error, InvalidEntries)
    assert error.extensions["code"] == "BAD_USER_INPUT"
    assert error.extensions["field"] == "residentIds[1]"
    assert [p["field"] for p in error.extensions["problems"]] == [
        "residentIds[1]",
        "residentIds[2]",
        "residentIds[3]",
    ]
    assert "outside the buildings" in error.extensions["problems"][2]["message"]
    assert not uow.repo.has_checked_in(activity.id, "r-1")
    assert uow.repo.get_activity(activity.id).registered_count == 0
    assert uow.outbox == []


def test_an_empty_sheet_is_refused(uow: Any) -> None:
    activity = new_activity(uow)

    assert refused(uow, activity.id).extensions["field"] == "residentIds"


def test_a_cancelled_activity_takes_no_attendance(uow: Any) -> None:
    activity = new_activity(uow)
    with uow:
        activity_services.cancel_activity(uow, activity.id, now=START - timedelta(days=1))
        uow.commit()

    assert isinstance(refused(uow, activity.id, "r-1"), Conflict)


def test_a_retry_with_the_same_idempotency_key_returns_the_first_result(uow: Any) -> None:
    activity = new_activity(uow)
    record(uow, activity.id, "r-1", key="sheet-0001")
    uow.outbox.clear()

    returned = record(uow, activity.id, "r-1", "r-2", key="sheet-0001")

    assert returned.attendee_count == 1
    assert uow.outbox == []
