"""SQL of who came to an activity and who signed up: the lists behind Activity.attendees."""

from typing import Any, Protocol

from sqlalchemy import Connection, select

from activities.adapters.sql_common import utc
from activities.adapters.tables import check_ins, registrations
from activities.domain.model import CheckIn, Registration
from shulin_kit.pagination import Page, keyset_page


class AttendanceRepository(Protocol):
    def attendees_page(self, activity_id: str, first: int, after: str | None) -> Page[CheckIn]:
        """Check-ins of an activity, earliest arrival first."""
        ...

    def registrations_page(
        self, activity_id: str, first: int, after: str | None, waitlisted: bool | None = None
    ) -> Page[Registration]:
        """Registrations of an activity, earliest first; only (or no) waitlisted ones if asked."""
        ...


class AttendanceSql:
    _conn: Connection

    def attendees_page(self, activity_id: str, first: int, after: str | None) -> Page[CheckIn]:
        return keyset_page(
            self._conn,
            select(check_ins).where(check_ins.c.activity_id == activity_id),
            [check_ins.c.checked_in_at, check_ins.c.resident_id],
            first,
            after,
            lambda r: _check_in(r._mapping),
        )

    def registrations_page(
        self, activity_id: str, first: int, after: str | None, waitlisted: bool | None = None
    ) -> Page[Registration]:
        query = select(registrations).where(registrations.c.activity_id == activity_id)
        if waitlisted is not None:
            query = query.where(registrations.c.waitlisted == waitlisted)
        return keyset_page(
            self._conn,
            query,
            [registrations.c.registered_at, registrations.c.resident_id],
            first,
            after,
            lambda r: _registration(r._mapping),
        )


def _check_in(row: Any) -> CheckIn:
    return CheckIn(
        activity_id=row["activity_id"],
        resident_id=row["resident_id"],
        checked_in_at=utc(row["checked_in_at"]),
    )


def _registration(row: Any) -> Registration:
    return Registration(
        activity_id=row["activity_id"],
        resident_id=row["resident_id"],
        waitlisted=bool(row["waitlisted"]),
        registered_at=utc(row["registered_at"]),
    )
