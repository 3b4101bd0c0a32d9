"""签到表: the attendance of an activity that has begun, entered from a paper sign-in sheet.

Every listed resident is registered where need be and checked in, all or nothing: a sheet with
one wrong line changes nothing, and the reply names each wrong line.
"""

from dataclasses import dataclass
from datetime import datetime

from activities.domain.model import Activity, CheckIn, Registration
from activities.domain.validation import InvalidEntries, clean_id
from activities.service_layer import checks
from activities.service_layer.activity_services import get_activity
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import ActivityRegistered, ResidentCheckedIn
from shulin_kit.errors import DomainError, InvalidInput

MAX_ATTENDEES = 500


@dataclass(frozen=True)
class RecordAttendance:
    activity_id: str
    resident_ids: list[str]
    checked_in_at: datetime | None = None  # None: the activity's start
    idempotency_key: str | None = None


def record_attendance(
    uow: UnitOfWork, cmd: RecordAttendance, now: datetime | None = None
) -> Activity:
    """Register (if need be) and check in each listed resident; those already in are skipped."""
    if (earlier := checks.recalled(uow, "recordAttendance", cmd.idempotency_key)) is not None:
        return get_activity(uow, earlier)
    activity = get_activity(uow, cmd.activity_id)
    moment = now or checks.now_utc()
    activity.ensure_started(moment)
    arrived = activity.attendance_time(cmd.checked_in_at, moment)
    for resident_id in _newcomers(uow, activity, cmd.resident_ids):
        _confirm_place(uow, activity, resident_id, arrived)
        uow.repo.add_check_in(CheckIn(activity.id, resident_id, checked_in_at=arrived))
        uow.repo.change_counts(activity.id, attendees=1)
        uow.events.append(
            new_envelope(
                ResidentCheckedIn(
                    activity_id=activity.id,
                    community_id=activity.community_id,
                    resident_id=resident_id,
                    checked_in_at=arrived.isoformat(),
                ),
                activity.community_id,
                occurred_at=arrived,
            )
        )
    checks.remember(uow, "recordAttendance", cmd.idempotency_key, activity.id)
    return get_activity(uow, activity.id)


def _newcomers(uow: UnitOfWork, activity: Activity, resident_ids: list[str]) -> list[str]:
    """The listed residents not yet checked in, each checked; every wrong line reported at once."""
    if not resident_ids:
        raise InvalidInput("residentIds must list at least one resident", "residentIds")
    if len(resident_ids) > MAX_ATTENDEES:
        raise InvalidInput(
            f"residentIds lists more than {MAX_ATTENDEES} residents: split the sheet",
            "residentIds",
        )
    newcomers: list[str] = []
    problems: list[InvalidInput] = []
    for i, raw in enumerate(resident_ids):
        field = f"residentIds[{i}]"
        try:
            ident = clean_id(raw, field)
            if ident in newcomers or uow.repo.has_checked_in(activity.id, ident):
                continue
            resident = checks.resident_in(uow, ident, activity.community_id, field)
            if not activity.admits(resident.building_id):
                raise InvalidInput(
                    f"resident {ident!r} lives outside the buildings this activity is for", field
                )
        except DomainError as refused:
            problems.append(InvalidInput(refused.message, field))
            continue
        newcomers.append(ident)
    if problems:
        raise InvalidEntries(problems)
    return newcomers


def _confirm_place(uow: UnitOfWork, activity: Activity, resident_id: str, at: datetime) -> None:
    """A confirmed registration for someone who came.

    Capacity is not enforced: the sheet records who was actually there. Refusing a walk-in
    because the list was full would make the record false and lose the evidence of who met
    whom, so registeredCount may end above capacity for such an activity.
    """
    registration = uow.repo.get_registration(activity.id, resident_id)
    if registration is not None and not registration.waitlisted:
        return
    if registration is None:
        uow.repo.add_registration(Registration(activity.id, resident_id, registered_at=at))
        uow.repo.change_counts(activity.id, registered=1)
    else:
        uow.repo.confirm_registration(activity.id, resident_id)
        uow.repo.change_counts(activity.id, registered=1, waitlisted=-1)
    uow.events.append(
        new_envelope(
            ActivityRegistered(
                activity_id=activity.id,
                community_id=activity.community_id,
                resident_id=resident_id,
                waitlisted=False,
            ),
            activity.community_id,
            occurred_at=at,
        )
    )
