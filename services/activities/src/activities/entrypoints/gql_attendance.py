# mypy: disable-error-code="untyped-decorator"
"""GraphQL of attendance records (签到表): a paper sign-in sheet entered after the event."""

from datetime import datetime

import strawberry

from activities.entrypoints import access
from activities.entrypoints.gql_activities import Activity
from activities.entrypoints.gql_common import GqlInfo, write
from activities.service_layer import attendance_services as services


@strawberry.input
class RecordAttendanceInput:
    activity_id: strawberry.ID = strawberry.field(description="An activity that has started.")
    resident_ids: list[strawberry.ID] = strawberry.field(
        description="Who came, at most 500; those already checked in are skipped."
    )
    checked_in_at: datetime | None = strawberry.field(
        default=None,
        description="When they arrived (default: the start); from an hour before the start "
        "until 12 hours after the end.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key returns the first result."
    )


@strawberry.type
class AttendanceMutation:
    @strawberry.mutation(
        description="签到表 Record who attended an activity that has started (e.g. from a "
        "paper sign-in sheet): each is registered if need be, even beyond capacity, and checked "
        "in. All or nothing: every refused resident is named by its index, residentIds[i]."
    )
    def record_attendance(self, info: GqlInfo, input: RecordAttendanceInput) -> Activity:
        access.guard_activity(info, input.activity_id, "recording attendance", heads=True)
        cmd = services.RecordAttendance(
            activity_id=input.activity_id,
            resident_ids=[str(r) for r in input.resident_ids],
            checked_in_at=input.checked_in_at,
            idempotency_key=input.idempotency_key,
        )
        return Activity.from_domain(write(info, lambda uow: services.record_attendance(uow, cmd)))
