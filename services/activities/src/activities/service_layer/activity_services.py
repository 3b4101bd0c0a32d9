"""Activities (邻里活动): create, cancel, register with a waitlist, check in (签到).

Use cases change state through the unit of work and never commit.
"""

from dataclasses import dataclass, field
from datetime import datetime

from activities.domain.model import (
    Activity,
    ActivityKind,
    ActivityStatus,
    CheckIn,
    Registration,
)
from activities.domain.validation import clean_id, clean_ids
from activities.service_layer import checks
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import (
    ActivityCancelled,
    ActivityCreated,
    ActivityRegistered,
    ActivityRegistrationCancelled,
    NeighbourMetAtActivity,
    ResidentCheckedIn,
)
from shulin_kit.errors import Conflict, InvalidInput, NotFound

MAX_BUILDINGS = 50
MAX_MET = 50


@dataclass(frozen=True)
class CreateActivity:
    community_id: str
    title: str
    kind: ActivityKind
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int | None = None
    organizer_id: str | None = None
    tags: list[str] = field(default_factory=list)
    building_ids: list[str] = field(default_factory=list)
    idempotency_key: str | None = None


def create_activity(uow: UnitOfWork, cmd: CreateActivity) -> Activity:
    if (earlier := checks.recalled(uow, "createActivity", cmd.idempotency_key)) is not None:
        return get_activity(uow, earlier)
    community = checks.known_community(uow, cmd.community_id)
    organizer = (
        checks.resident_in(uow, cmd.organizer_id, community, "organizerId").id
        if cmd.organizer_id is not None
        else None
    )
    tags = checks.canonical_tags(uow, cmd.tags, "tags")
    buildings = clean_ids(cmd.building_ids, "buildingIds", MAX_BUILDINGS)
    for i, building_id in enumerate(cmd.building_ids):
        checks.building_in(uow, building_id, community, f"buildingIds[{i}]")
    activity = Activity.create(
        community,
        cmd.title,
        cmd.kind,
        cmd.starts_at,
        cmd.ends_at,
        cmd.place,
        cmd.capacity,
        organizer_id=organizer,
        tags=tags,
        building_ids=buildings,
    )
    uow.repo.add_activity(activity)
    checks.remember(uow, "createActivity", cmd.idempotency_key, activity.id)
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
                organizer_id=activity.organizer_id,
                tags=activity.tags,
                building_ids=activity.building_ids,
            ),
            activity.community_id,
            occurred_at=activity.created_at,
        )
    )
    return activity


def get_activity(uow: UnitOfWork, activity_id: str) -> Activity:
    activity = uow.repo.get_activity(activity_id)
    if activity is None:
        raise NotFound(f"no activity with id {activity_id!r}", "activityId")
    return activity


def cancel_activity(uow: UnitOfWork, activity_id: str, now: datetime | None = None) -> Activity:
    activity = get_activity(uow, activity_id)
    activity.ensure_open(now or checks.now_utc())
    uow.repo.set_activity_status(activity.id, ActivityStatus.CANCELLED)
    activity.status = ActivityStatus.CANCELLED
    uow.events.append(
        new_envelope(
            ActivityCancelled(activity_id=activity.id, community_id=activity.community_id),
            activity.community_id,
        )
    )
    return activity


def register(
    uow: UnitOfWork, activity_id: str, resident_id: str, now: datetime | None = None
) -> Registration:
    """报名: a place if one is free, else a place on the waitlist (first come, first served)."""
    activity = get_activity(uow, activity_id)
    resident = checks.resident_in(uow, resident_id, activity.community_id, "residentId")
    activity.ensure_open(now or checks.now_utc())
    if not activity.admits(resident.building_id):
        raise InvalidInput(
            f"resident {resident.id!r} lives outside the buildings this activity is for",
            "residentId",
        )
    if uow.repo.get_registration(activity.id, resident.id) is not None:
        raise Conflict(
            f"resident {resident.id!r} already registered for this activity", "residentId"
        )
    waitlisted = not uow.repo.take_place(activity.id)
    if waitlisted:
        uow.repo.change_counts(activity.id, waitlisted=1)
    registration = Registration(activity.id, resident.id, waitlisted=waitlisted)
    uow.repo.add_registration(registration)
    _registered(uow, activity, resident.id, waitlisted)
    return registration


def cancel_registration(
    uow: UnitOfWork, activity_id: str, resident_id: str, now: datetime | None = None
) -> Activity:
    """Give a place back; the first on the waitlist takes it."""
    activity = get_activity(uow, activity_id)
    resident = clean_id(resident_id, "residentId")
    activity.ensure_open(now or checks.now_utc())
    registration = uow.repo.get_registration(activity.id, resident)
    if registration is None:
        raise InvalidInput(
            f"resident {resident!r} is not registered for this activity", "residentId"
        )
    if uow.repo.has_checked_in(activity.id, resident):
        raise Conflict(f"resident {resident!r} already checked in to this activity", "residentId")
    withdraw(uow, activity, registration)
    uow.events.append(
        new_envelope(
            ActivityRegistrationCancelled(
                activity_id=activity.id, community_id=activity.community_id, resident_id=resident
            ),
            activity.community_id,
        )
    )
    return get_activity(uow, activity.id)


def withdraw(uow: UnitOfWork, activity: Activity, registration: Registration) -> None:
    """Remove a registration, keep the counts right and promote the first waitlisted."""
    uow.repo.delete_registration(activity.id, registration.resident_id)
    if registration.waitlisted:
        uow.repo.change_counts(activity.id, waitlisted=-1)
        return
    uow.repo.change_counts(activity.id, registered=-1)
    promoted = uow.repo.first_waitlisted(activity.id)
    if promoted is not None and not activity.is_cancelled:
        uow.repo.confirm_registration(activity.id, promoted.resident_id)
        uow.repo.change_counts(activity.id, registered=1, waitlisted=-1)
        _registered(uow, activity, promoted.resident_id, waitlisted=False)


def check_in(
    uow: UnitOfWork,
    activity_id: str,
    resident_id: str,
    met: list[str] | None = None,
    now: datetime | None = None,
) -> Activity:
    """签到 for a registered resident, with "who did you meet" among those already here."""
    activity = get_activity(uow, activity_id)
    resident = clean_id(resident_id, "residentId")
    moment = now or checks.now_utc()
    activity.ensure_check_in_window(moment)
    registration = uow.repo.get_registration(activity.id, resident)
    if registration is None:
        raise InvalidInput(
            f"resident {resident!r} has not registered for this activity: register first",
            "residentId",
        )
    if registration.waitlisted:
        raise InvalidInput(
            f"resident {resident!r} is on the waitlist, without a place at this activity",
            "residentId",
        )
    if uow.repo.has_checked_in(activity.id, resident):
        raise Conflict(f"resident {resident!r} already checked in to this activity", "residentId")
    met_ids = _met(uow, activity.id, resident, met or [])
    attendance = CheckIn(activity.id, resident, checked_in_at=moment)
    uow.repo.add_check_in(attendance)
    uow.repo.change_counts(activity.id, attendees=1)
    community = activity.community_id
    uow.events.append(
        new_envelope(
            ResidentCheckedIn(
                activity_id=activity.id,
                community_id=community,
                resident_id=resident,
                checked_in_at=attendance.checked_in_at.isoformat(),
            ),
            community,
            occurred_at=attendance.checked_in_at,
        )
    )
    for other in met_ids:
        uow.events.append(
            new_envelope(
                NeighbourMetAtActivity(
                    activity_id=activity.id,
                    community_id=community,
                    resident_id=resident,
                    met_resident_id=other,
                ),
                community,
                occurred_at=attendance.checked_in_at,
            )
        )
    return get_activity(uow, activity.id)


def _met(uow: UnitOfWork, activity_id: str, resident_id: str, met: list[str]) -> list[str]:
    if len(met) > MAX_MET:
        raise InvalidInput(f"met lists more than {MAX_MET} neighbours", "met")
    found: list[str] = []
    for i, raw in enumerate(met):
        other = clean_id(raw, f"met[{i}]")
        if other == resident_id:
            raise InvalidInput(f"met[{i}] is the resident checking in", f"met[{i}]")
        if not uow.repo.has_checked_in(activity_id, other):
            raise InvalidInput(
                f"met[{i}]: resident {other!r} has not checked in to this activity", f"met[{i}]"
            )
        if other not in found:
            found.append(other)
    return found


def _registered(uow: UnitOfWork, activity: Activity, resident_id: str, waitlisted: bool) -> None:
    uow.events.append(
        new_envelope(
            ActivityRegistered(
                activity_id=activity.id,
                community_id=activity.community_id,
                resident_id=resident_id,
                waitlisted=waitlisted,
            ),
            activity.community_id,
        )
    )
