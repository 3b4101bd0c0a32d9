"""Every SQL statement of the activities service."""

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, exists, select, update
from sqlalchemy.exc import IntegrityError

from activities.adapters.tables import activities, check_ins
from activities.domain.model import Activity, ActivityKind, CheckIn
from shulin_kit.errors import Conflict


class Repository(Protocol):
    def add_activity(self, activity: Activity) -> None: ...
    def get_activity(self, activity_id: str) -> Activity | None: ...
    def activities_of(self, community_id: str, limit: int) -> list[Activity]: ...
    def activities_attended_by(self, resident_id: str, limit: int) -> list[Activity]: ...
    def has_checked_in(self, activity_id: str, resident_id: str) -> bool: ...
    def take_place(self, activity_id: str) -> bool:
        """Count one more attendee unless the activity is full; False when it is."""
        ...

    def add_check_in(self, check_in: CheckIn) -> None:
        """Store a check-in; raises Conflict if this resident already checked in."""
        ...


class SqlRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_activity(self, activity: Activity) -> None:
        self._conn.execute(
            activities.insert().values(**{**vars(activity), "kind": activity.kind.value})
        )

    def get_activity(self, activity_id: str) -> Activity | None:
        row = self._conn.execute(select(activities).where(activities.c.id == activity_id)).first()
        return _activity(row._mapping) if row else None

    def activities_of(self, community_id: str, limit: int) -> list[Activity]:
        rows = self._conn.execute(
            select(activities)
            .where(activities.c.community_id == community_id)
            .order_by(activities.c.starts_at.desc(), activities.c.id)
            .limit(limit)
        )
        return [_activity(r._mapping) for r in rows]

    def activities_attended_by(self, resident_id: str, limit: int) -> list[Activity]:
        rows = self._conn.execute(
            select(activities)
            .join(check_ins, check_ins.c.activity_id == activities.c.id)
            .where(check_ins.c.resident_id == resident_id)
            .order_by(activities.c.starts_at.desc(), activities.c.id)
            .limit(limit)
        )
        return [_activity(r._mapping) for r in rows]

    def has_checked_in(self, activity_id: str, resident_id: str) -> bool:
        query = select(
            exists().where(
                check_ins.c.activity_id == activity_id, check_ins.c.resident_id == resident_id
            )
        )
        return bool(self._conn.execute(query).scalar())

    def take_place(self, activity_id: str) -> bool:
        result = self._conn.execute(
            update(activities)
            .where(
                activities.c.id == activity_id,
                activities.c.capacity.is_(None)
                | (activities.c.attendee_count < activities.c.capacity),
            )
            .values(attendee_count=activities.c.attendee_count + 1)
        )
        return result.rowcount == 1

    def add_check_in(self, check_in: CheckIn) -> None:
        try:
            self._conn.execute(check_ins.insert().values(**vars(check_in)))
        except IntegrityError as exc:
            # Only reached when two requests race past the service's own check.
            raise Conflict(
                f"resident {check_in.resident_id!r} already checked in to this activity",
                "residentId",
            ) from exc


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _activity(row: Any) -> Activity:
    return Activity(
        id=row["id"],
        community_id=row["community_id"],
        title=row["title"],
        kind=ActivityKind(row["kind"]),
        starts_at=_utc(row["starts_at"]),
        ends_at=_utc(row["ends_at"]),
        place=row["place"],
        capacity=row["capacity"],
        attendee_count=row["attendee_count"],
        created_at=_utc(row["created_at"]),
    )
