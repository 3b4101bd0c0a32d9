"""SQL of interest groups, neighbour associations and their memberships."""

from typing import Any, Protocol

from sqlalchemy import Connection, and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from activities.adapters.sql_common import epoch_us, insert_values, utc, values_by_owner
from activities.adapters.tables import group_tags, groups, known_buildings, memberships
from activities.domain.groups import Group, GroupKind, GroupRole, Membership
from shulin_kit.errors import Conflict
from shulin_kit.pagination import Page, keyset_page


class GroupRepository(Protocol):
    def add_group(self, group: Group) -> None: ...
    def get_group(self, group_id: str) -> Group | None: ...
    def groups_page(
        self,
        community_id: str,
        first: int,
        after: str | None,
        building_id: str | None = None,
        kind: GroupKind | None = None,
        tag: str | None = None,
    ) -> Page[Group]:
        """By name; with a building, the groups its residents may join."""
        ...

    def groups_of_resident(
        self, resident_id: str, first: int, after: str | None
    ) -> Page[Group]: ...
    def change_member_count(self, group_id: str, delta: int) -> None: ...
    def get_membership(self, group_id: str, resident_id: str) -> Membership | None: ...
    def add_membership(self, membership: Membership) -> None:
        """Store a membership; raises Conflict if the resident is already a member."""
        ...

    def delete_membership(self, group_id: str, resident_id: str) -> None: ...
    def set_role(self, group_id: str, resident_id: str, role: GroupRole) -> None: ...
    def memberships_of_resident(self, resident_id: str) -> list[Membership]: ...
    def members_page(self, group_id: str, first: int, after: str | None) -> Page[Membership]:
        """Longest-standing members first."""
        ...


class GroupSql:
    _conn: Connection

    def add_group(self, group: Group) -> None:
        row = {k: v for k, v in vars(group).items() if k != "tags"} | {"kind": group.kind.value}
        self._conn.execute(groups.insert().values(**row))
        insert_values(self._conn, group_tags, "group_id", group.id, "tag", group.tags)

    def get_group(self, group_id: str) -> Group | None:
        row = self._conn.execute(select(groups).where(groups.c.id == group_id)).first()
        return self._group_tags([_group(row._mapping)])[0] if row else None

    def groups_page(
        self,
        community_id: str,
        first: int,
        after: str | None,
        building_id: str | None = None,
        kind: GroupKind | None = None,
        tag: str | None = None,
    ) -> Page[Group]:
        query = select(groups).where(groups.c.community_id == community_id)
        if building_id is not None:
            compound = (
                select(known_buildings.c.compound_id)
                .where(known_buildings.c.id == building_id)
                .scalar_subquery()
            )
            query = query.where(
                or_(
                    and_(groups.c.building_id.is_(None), groups.c.compound_id.is_(None)),
                    groups.c.building_id == building_id,
                    groups.c.compound_id == compound,
                )
            )
        if kind is not None:
            query = query.where(groups.c.kind == kind.value)
        if tag is not None:
            query = query.where(
                exists().where(group_tags.c.group_id == groups.c.id, group_tags.c.tag == tag)
            )
        return self._group_page(query, first, after)

    def groups_of_resident(self, resident_id: str, first: int, after: str | None) -> Page[Group]:
        query = select(groups).where(
            exists().where(
                memberships.c.group_id == groups.c.id, memberships.c.resident_id == resident_id
            )
        )
        return self._group_page(query, first, after)

    def change_member_count(self, group_id: str, delta: int) -> None:
        self._conn.execute(
            update(groups)
            .where(groups.c.id == group_id)
            .values(member_count=groups.c.member_count + delta)
        )

    def get_membership(self, group_id: str, resident_id: str) -> Membership | None:
        row = self._conn.execute(
            select(memberships).where(
                memberships.c.group_id == group_id, memberships.c.resident_id == resident_id
            )
        ).first()
        return _membership(row._mapping) if row else None

    def add_membership(self, membership: Membership) -> None:
        try:
            self._conn.execute(
                memberships.insert().values(
                    **vars(membership)
                    | {"role": membership.role.value, "joined_us": epoch_us(membership.joined_at)}
                )
            )
        except IntegrityError as exc:
            raise Conflict(
                f"resident {membership.resident_id!r} is already a member", "residentId"
            ) from exc

    def delete_membership(self, group_id: str, resident_id: str) -> None:
        self._conn.execute(
            memberships.delete().where(
                memberships.c.group_id == group_id, memberships.c.resident_id == resident_id
            )
        )

    def set_role(self, group_id: str, resident_id: str, role: GroupRole) -> None:
        self._conn.execute(
            update(memberships)
            .where(memberships.c.group_id == group_id, memberships.c.resident_id == resident_id)
            .values(role=role.value)
        )

    def memberships_of_resident(self, resident_id: str) -> list[Membership]:
        rows = self._conn.execute(
            select(memberships).where(memberships.c.resident_id == resident_id)
        )
        return [_membership(r._mapping) for r in rows]

    def members_page(self, group_id: str, first: int, after: str | None) -> Page[Membership]:
        return keyset_page(
            self._conn,
            select(memberships).where(memberships.c.group_id == group_id),
            [memberships.c.joined_us, memberships.c.resident_id],
            first,
            after,
            lambda r: _membership(r._mapping),
        )

    def _group_page(self, query: Any, first: int, after: str | None) -> Page[Group]:
        page = keyset_page(
            self._conn,
            query,
            [groups.c.name, groups.c.id],
            first,
            after,
            lambda r: _group(r._mapping),
        )
        self._group_tags(page.items)
        return page

    def _group_tags(self, found: list[Group]) -> list[Group]:
        tags = values_by_owner(
            self._conn, group_tags, group_tags.c.group_id, group_tags.c.tag, [g.id for g in found]
        )
        for g in found:
            g.tags = tags[g.id]
        return found


def _group(row: Any) -> Group:
    return Group(
        id=row["id"],
        community_id=row["community_id"],
        name=row["name"],
        kind=GroupKind(row["kind"]),
        description=row["description"],
        building_id=row["building_id"],
        compound_id=row["compound_id"],
        member_count=row["member_count"],
        created_at=utc(row["created_at"]),
    )


def _membership(row: Any) -> Membership:
    return Membership(
        group_id=row["group_id"],
        resident_id=row["resident_id"],
        role=GroupRole(row["role"]),
        joined_at=utc(row["joined_at"]),
    )
