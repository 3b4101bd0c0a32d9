"""Activities use cases. They change state through the unit of work and never commit."""

from dataclasses import dataclass
from datetime import datetime

from activities.domain.model import Activity, ActivityKind
from activities.domain.validation import clean_id
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import ActivityCreated, ResidentCheckedIn
from shulin_kit.errors import Conflict, NotFound


@dataclass(frozen=True)
class CreateActivity:
    community_id: str
    title: str
    kind: ActivityKind
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int | None = None


def create_activity(uow: UnitOfWork, cmd: CreateActivity) -> Activity:
    # The community is not checked here: that needs the local read model of the residents
    # topic, which a later issue brings.
    activity = Activity.create(
        cmd.community_id,
        cmd.title,
        cmd.kind,
        cmd.starts_at,
        cmd.ends_at,
        cmd.place,
        cmd.capacity,
    )
    uow.repo.add_activity(activity)
    uow.events.append(
        new_envelope(
            ActivityCreated(
                activity_id=activity.id,
                community_id=activity.community_id,
                title=activity.title,
                kind=activity.kind.value,
                starts_at=activity.starts_at.isoformat(),
                ends_at=activity.ends_at.isoformat(),
                capacity=activity.capacity,
            ),
            activity.community_id,
            occurred_at=activity.created_at,
        )
    )
    return activity


def check_in(uow: UnitOfWork, activity_id: str, resident_id: str) -> Activity:
    """签到: record that a resident attended; returns the activity with its new attendee count."""
    activity = uow.repo.get_activity(activity_id)
    if activity is None:
        raise NotFound(f"no activity with id {activity_id!r}", "activityId")
    resident = clean_id(resident_id, "residentId")
    if uow.repo.has_checked_in(activity.id, resident):
        raise Conflict(f"resident {resident!r} already checked in to this activity", "residentId")
    attendance = activity.check_in(resident)
    if not uow.repo.take_place(activity.id):
        # Another request took the last place between our read and this write.
        raise Conflict(f"activity {activity.id!r} is full: all places are taken", "activityId")
    uow.repo.add_check_in(attendance)
    uow.events.append(
        new_envelope(
            ResidentCheckedIn(
                activity_id=activity.id,
                community_id=activity.community_id,
                resident_id=attendance.resident_id,
                checked_in_at=attendance.checked_in_at.isoformat(),
            ),
            activity.community_id,
            occurred_at=attendance.checked_in_at,
        )
    )
    return activity
