"""SQL of activities, registrations and check-ins."""

from typing import Any, Protocol

from sqlalchemy import Connection, exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from activities.adapters.sql_common import epoch_us, insert_values, utc, values_by_owner
from activities.adapters.tables import (
    activities,
    activity_buildings,
    activity_tags,
    check_ins,
    registrations,
)
from activities.domain.model import Activity, ActivityKind, ActivityStatus, CheckIn, Registration
from shulin_kit.errors import Conflict
from shulin_kit.pagination import Page, keyset_page


class ActivityRepository(Protocol):
    def add_activity(self, activity: Activity) -> None: ...
    def get_activity(self, activity_id: str) -> Activity | None: ...
    def activities_page(
        self,
        community_id: str,
        first: int,
        after: str | None,
        building_id: str | None = None,
        tag: str | None = None,
    ) -> Page[Activity]:
        """Latest start first; with a building, those its residents may register for."""
        ...

    def activities_attended_by(self, resident_id: str, limit: int) -> list[Activity]: ...
    def set_activity_status(self, activity_id: str, status: ActivityStatus) -> None: ...
    def clear_organizer(self, resident_id: str) -> None: ...
    def take_place(self, activity_id: str) -> bool:
        """Count one more confirmed registration unless the activity is full; False when it is."""
        ...

    def change_counts(
        self, activity_id: str, registered: int = 0, waitlisted: int = 0, attendees: int = 0
    ) -> None: ...
    def get_registration(self, activity_id: str, resident_id: str) -> Registration | None: ...
    def add_registration(self, registration: Registration) -> None:
        """Store a registration; raises Conflict if this resident already registered."""
        ...

    def delete_registration(self, activity_id: str, resident_id: str) -> None: ...
    def confirm_registration(self, activity_id: str, resident_id: str) -> None: ...
    def first_waitlisted(self, activity_id: str) -> Registration | None: ...
    def registrations_of_resident(self, resident_id: str) -> list[Registration]: ...
    def has_checked_in(self, activity_id: str, resident_id: str) -> bool: ...
    def add_check_in(self, check_in: CheckIn) -> None:
        """Store a check-in; raises Conflict if this resident already checked in."""
        ...

    def delete_check_in(self, activity_id: str, resident_id: str) -> bool: ...


class ActivitySql:
    _conn: Connection

    def add_activity(self, activity: Activity) -> None:
        row = {k: v for k, v in vars(activity).items() if k not in ("tags", "building_ids")} | {
            "kind": activity.kind.value,
            "status": activity.status.value,
            "starts_us": epoch_us(activity.starts_at),
        }
        self._conn.execute(activities.insert().values(**row))
        insert_values(self._conn, activity_tags, "activity_id", activity.id, "tag", activity.tags)
        insert_values(
            self._conn,
            activity_buildings,
            "activity_id",
            activity.id,
            "building_id",
            activity.building_ids,
        )

    def get_activity(self, activity_id: str) -> Activity | None:
        row = self._conn.execute(select(activities).where(activities.c.id == activity_id)).first()
        return self._activity_details([_activity(row._mapping)])[0] if row else None

    def activities_page(
        self,
        community_id: str,
        first: int,
        after: str | None,
        building_id: str | None = None,
        tag: str | None = None,
    ) -> Page[Activity]:
        query = select(activities).where(activities.c.community_id == community_id)
        if building_id is not None:
            scoped = exists().where(activity_buildings.c.activity_id == activities.c.id)
            in_scope = exists().where(
                activity_buildings.c.activity_id == activities.c.id,
                activity_buildings.c.building_id == building_id,
            )
            query = query.where(or_(~scoped, in_scope))
        if tag is not None:
            query = query.where(
                exists().where(
                    activity_tags.c.activity_id == activities.c.id, activity_tags.c.tag == tag
                )
            )
        page = keyset_page(
            self._conn,
            query,
            [activities.c.starts_us, activities.c.id],
            first,
            after,
            lambda r: _activity(r._mapping),
            descending=True,
        )
        self._activity_details(page.items)
        return page

    def activities_attended_by(self, resident_id: str, limit: int) -> list[Activity]:
        rows = self._conn.execute(
            select(activities)
            .join(check_ins, check_ins.c.activity_id == activities.c.id)
            .where(check_ins.c.resident_id == resident_id)
            .order_by(activities.c.starts_at.desc(), activities.c.id)
            .limit(limit)
        )
        return self._activity_details([_activity(r._mapping) for r in rows])

    def set_activity_status(self, activity_id: str, status: ActivityStatus) -> None:
        self._conn.execute(
            update(activities).where(activities.c.id == activity_id).values(status=status.value)
        )

    def clear_organizer(self, resident_id: str) -> None:
        self._conn.execute(
            update(activities)
            .where(activities.c.organizer_id == resident_id)
            .values(organizer_id=None)
        )

    def take_place(self, activity_id: str) -> bool:
        result = self._conn.execute(
            update(activities)
            .where(
                activities.c.id == activity_id,
                activities.c.capacity.is_(None)
                | (activities.c.registered_count < activities.c.capacity),
            )
            .values(registered_count=activities.c.registered_count + 1)
        )
        return result.rowcount == 1

    def change_counts(
        self, activity_id: str, registered: int = 0, waitlisted: int = 0, attendees: int = 0
    ) -> None:
        self._conn.execute(
            update(activities)
            .where(activities.c.id == activity_id)
            .values(
                registered_count=activities.c.registered_count + registered,
                waitlist_count=activities.c.waitlist_count + waitlisted,
                attendee_count=activities.c.attendee_count + attendees,
            )
        )

    def get_registration(self, activity_id: str, resident_id: str) -> Registration | None:
        row = self._conn.execute(
            select(registrations).where(
                registrations.c.activity_id == activity_id,
                registrations.c.resident_id == resident_id,
            )
        ).first()
        return _registration(row._mapping) if row else None

    def add_registration(self, registration: Registration) -> None:
        try:
            self._conn.execute(registrations.insert().values(**vars(registration)))
        except IntegrityError as exc:
            raise Conflict(
                f"resident {registration.resident_id!r} already registered for this activity",
                "residentId",
            ) from exc

    def delete_registration(self, activity_id: str, resident_id: str) -> None:
        self._conn.execute(
            registrations.delete().where(
                registrations.c.activity_id == activity_id,
                registrations.c.resident_id == resident_id,
            )
        )

    def confirm_registration(self, activity_id: str, resident_id: str) -> None:
        self._conn.execute(
            update(registrations)
            .where(
                registrations.c.activity_id == activity_id,
                registrations.c.resident_id == resident_id,
            )
            .values(waitlisted=False)
        )

    def first_waitlisted(self, activity_id: str) -> Registration | None:
        row = self._conn.execute(
            select(registrations)
            .where(registrations.c.activity_id == activity_id, registrations.c.waitlisted)
            .order_by(registrations.c.registered_at, registrations.c.resident_id)
            .limit(1)
        ).first()
        return _registration(row._mapping) if row else None

    def registrations_of_resident(self, resident_id: str) -> list[Registration]:
        rows = self._conn.execute(
            select(registrations).where(registrations.c.resident_id == resident_id)
        )
        return [_registration(r._mapping) for r in rows]

    def has_checked_in(self, activity_id: str, resident_id: str) -> bool:
        query = select(
            exists().where(
                check_ins.c.activity_id == activity_id, check_ins.c.resident_id == resident_id
            )
        )
        return bool(self._conn.execute(query).scalar())

    def add_check_in(self, check_in: CheckIn) -> None:
        try:
            self._conn.execute(check_ins.insert().values(**vars(check_in)))
        except IntegrityError as exc:
            # Only reached when two requests race past the service's own check.
            raise Conflict(
                f"resident {check_in.resident_id!r} already checked in to this activity",
                "residentId",
            ) from exc

    def delete_check_in(self, activity_id: str, resident_id: str) -> bool:
        result = self._conn.execute(
            check_ins.delete().where(
                check_ins.c.activity_id == activity_id, check_ins.c.resident_id == resident_id
            )
        )
        return result.rowcount == 1

    def _activity_details(self, found: list[Activity]) -> list[Activity]:
        ids = [a.id for a in found]
        tags = values_by_owner(
            self._conn, activity_tags, activity_tags.c.activity_id, activity_tags.c.tag, ids
        )
        buildings = values_by_owner(
            self._conn,
            activity_buildings,
            activity_buildings.c.activity_id,
            activity_buildings.c.building_id,
            ids,
        )
        for a in found:
            a.tags, a.building_ids = tags[a.id], buildings[a.id]
        return found


def _activity(row: Any) -> Activity:
    return Activity(
        id=row["id"],
        community_id=row["community_id"],
        title=row["title"],
        kind=ActivityKind(row["kind"]),
        starts_at=utc(row["starts_at"]),
        ends_at=utc(row["ends_at"]),
        place=row["place"],
        capacity=row["capacity"],
        attendee_count=row["attendee_count"],
        created_at=utc(row["created_at"]),
        organizer_id=row["organizer_id"],
        status=ActivityStatus(row["status"]),
        registered_count=row["registered_count"],
        waitlist_count=row["waitlist_count"],
    )


def _registration(row: Any) -> Registration:
    return Registration(
        activity_id=row["activity_id"],
        resident_id=row["resident_id"],
        waitlisted=bool(row["waitlisted"]),
        registered_at=utc(row["registered_at"]),
    )
