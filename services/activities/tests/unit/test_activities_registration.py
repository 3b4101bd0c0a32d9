"""Registering (报名): places, the first-come waitlist and its promotion, scope, cancelling."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from activities.domain.model import Activity, ActivityKind, ActivityStatus
from activities.service_layer import activity_services as services
from shulin_events.schemas import (
    ActivityCancelled,
    ActivityRegistered,
    ActivityRegistrationCancelled,
)
from shulin_kit.errors import DomainError

START = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
BEFORE = START - timedelta(days=2)


def new_activity(
    uow: Any, capacity: int | None = 2, buildings: list[str] | None = None
) -> Activity:
    cmd = services.CreateActivity(
        community_id="c-1",
        title="读书会",
        kind=ActivityKind.READING_CLUB,
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        place="社区书房",
        capacity=capacity,
        building_ids=buildings or [],
    )
    with uow:
        activity = services.create_activity(uow, cmd)
        uow.commit()
    uow.outbox.clear()
    return activity


def register(uow: Any, activity_id: str, resident_id: str, now: datetime = BEFORE) -> Any:
    with uow:
        registration = services.register(uow, activity_id, resident_id, now=now)
        uow.commit()
    return registration


def refused(uow: Any, use_case: Any, *args: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as caught, uow:
        use_case(uow, *args, **kwargs)
        uow.commit()
    return caught.value


def cancel(uow: Any, activity_id: str, resident_id: str) -> Activity:
    with uow:
        activity = services.cancel_registration(uow, activity_id, resident_id, now=BEFORE)
        uow.commit()
    return activity


def test_registration_takes_a_place_and_publishes_activity_registered(uow: Any) -> None:
    activity = new_activity(uow)

    registration = register(uow, activity.id, "r-1")

    assert not registration.waitlisted
    assert uow.repo.get_activity(activity.id).registered_count == 1
    assert [e.payload for e in uow.outbox] == [
        ActivityRegistered(
            activity_id=activity.id, community_id="c-1", resident_id="r-1", waitlisted=False
        )
    ]


def test_when_full_residents_go_on_the_waitlist_in_order(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)

    results = [register(uow, activity.id, r).waitlisted for r in ("r-1", "r-2", "r-3")]

    assert results == [False, True, True]
    stored = uow.repo.get_activity(activity.id)
    assert (stored.registered_count, stored.waitlist_count) == (1, 2)
    assert [e.payload.waitlisted for e in uow.outbox] == [False, True, True]


def test_cancelling_a_place_promotes_the_first_waitlisted(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)
    for resident in ("r-1", "r-2", "r-3"):
        register(uow, activity.id, resident)
    uow.outbox.clear()

    returned = cancel(uow, activity.id, "r-1")

    assert (returned.registered_count, returned.waitlist_count) == (1, 1)
    assert not uow.repo.get_registration(activity.id, "r-2").waitlisted
    assert uow.repo.get_registration(activity.id, "r-3").waitlisted
    assert [e.payload for e in uow.outbox] == [
        ActivityRegistered(
            activity_id=activity.id, community_id="c-1", resident_id="r-2", waitlisted=False
        ),
        ActivityRegistrationCancelled(
            activity_id=activity.id, community_id="c-1", resident_id="r-1"
        ),
    ]


def test_cancelling_from_the_waitlist_promotes_no_one(uow: Any) -> None:
    activity = new_activity(uow, capacity=1)
    register(uow, activity.id, "r-1")
    register(uow, activity.id, "r-2")
    uow.outbox.clear()

    returned = cancel(uow, activity.id, "r-2")

    assert (returned.registered_count, returned.waitlist_count) == (1, 0)
    assert [e.type for e in uow.outbox] == ["ActivityRegistrationCancelled"]


def test_registering_twice_is_a_conflict(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")
    uow.outbox.clear()

    error = refused(uow, services.register, activity.id, "r-1", now=BEFORE)

    assert error.extensions == {"code": "CONFLICT", "field": "residentId"}
    assert uow.repo.get_activity(activity.id).registered_count == 1
    assert uow.outbox == []


def test_unknown_resident_is_not_found_with_a_hint_to_retry(uow: Any) -> None:
    activity = new_activity(uow)

    error = refused(uow, services.register, activity.id, "r-new", now=BEFORE)

    assert error.extensions == {"code": "NOT_FOUND", "field": "residentId"}
    assert "unknown resident" in error.message and "retry in a moment" in error.message


def test_resident_of_another_community_is_refused(uow: Any) -> None:
    activity = new_activity(uow)

    error = refused(uow, services.register, activity.id, "r-other", now=BEFORE)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "residentId"}
    assert "belongs to another community" in error.message


def test_building_scope_admits_only_its_residents(uow: Any) -> None:
    activity = new_activity(uow, buildings=["b-2"])

    error = refused(uow, services.register, activity.id, "r-1", now=BEFORE)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "residentId"}
    assert not register(uow, activity.id, "r-b2").waitlisted


def test_registering_after_the_end_is_refused(uow: Any) -> None:
    activity = new_activity(uow)

    error = refused(uow, services.register, activity.id, "r-1", now=START + timedelta(hours=3))

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "activityId"}


def test_cancelling_a_registration_after_check_in_is_refused(uow: Any) -> None:
    activity = new_activity(uow)
    register(uow, activity.id, "r-1")
    with uow:
        services.check_in(uow, activity.id, "r-1", now=START)
        uow.commit()

    error = refused(uow, services.cancel_registration, activity.id, "r-1", now=START)

    assert error.extensions == {"code": "CONFLICT", "field": "residentId"}


def test_cancelling_without_registration_is_refused(uow: Any) -> None:
    activity = new_activity(uow)

    error = refused(uow, services.cancel_registration, activity.id, "r-1", now=BEFORE)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "residentId"}


def test_cancelling_an_activity_publishes_activity_cancelled_once(uow: Any) -> None:
    activity = new_activity(uow)
    with uow:
        cancelled = services.cancel_activity(uow, activity.id, now=BEFORE)
        uow.commit()

    assert cancelled.status is ActivityStatus.CANCELLED
    assert [e.payload for e in uow.outbox] == [
        ActivityCancelled(activity_id=activity.id, community_id="c-1")
    ]
    again = refused(uow, services.cancel_activity, activity.id, now=BEFORE)
    assert again.extensions == {"code": "CONFLICT", "field": "activityId"}
    registering = refused(uow, services.register, activity.id, "r-1", now=BEFORE)
    assert registering.extensions == {"code": "CONFLICT", "field": "activityId"}
