"""SQL of micro-wishes."""

from typing import Any, Protocol

from sqlalchemy import Connection, exists, or_, select, update

from activities.adapters.sql_common import epoch_us, utc, utc_or_none
from activities.adapters.tables import known_residents, wishes
from activities.domain.wishes import Wish, WishStatus
from shulin_kit.pagination import Page, keyset_page


class WishRepository(Protocol):
    def add_wish(self, wish: Wish) -> None: ...
    def get_wish(self, wish_id: str) -> Wish | None: ...
    def save_wish(self, wish: Wish, expected: WishStatus) -> bool:
        """Store the wish's new state only if its status still is `expected`."""
        ...

    def wishes_page(
        self,
        first: int,
        after: str | None,
        community_id: str | None = None,
        resident_id: str | None = None,
        status: WishStatus | None = None,
        building_id: str | None = None,
    ) -> Page[Wish]:
        """Newest first; resident_id matches the poster or the claimant."""
        ...

    def wishes_touching(self, resident_id: str) -> list[Wish]:
        """Wishes the resident posted or claimed."""
        ...

    def delete_wish(self, wish_id: str) -> None: ...


class WishSql:
    _conn: Connection

    def add_wish(self, wish: Wish) -> None:
        self._conn.execute(
            wishes.insert().values(
                **vars(wish)
                | {"status": wish.status.value, "created_us": epoch_us(wish.created_at)}
            )
        )

    def get_wish(self, wish_id: str) -> Wish | None:
        row = self._conn.execute(select(wishes).where(wishes.c.id == wish_id)).first()
        return _wish(row._mapping) if row else None

    def save_wish(self, wish: Wish, expected: WishStatus) -> bool:
        result = self._conn.execute(
            update(wishes)
            .where(wishes.c.id == wish.id, wishes.c.status == expected.value)
            .values(
                status=wish.status.value,
                claimant_id=wish.claimant_id,
                claimed_at=wish.claimed_at,
                fulfilled_at=wish.fulfilled_at,
            )
        )
        return result.rowcount == 1

    def wishes_page(
        self,
        first: int,
        after: str | None,
        community_id: str | None = None,
        resident_id: str | None = None,
        status: WishStatus | None = None,
        building_id: str | None = None,
    ) -> Page[Wish]:
        query = select(wishes)
        if community_id is not None:
            query = query.where(wishes.c.community_id == community_id)
        if resident_id is not None:
            query = query.where(
                or_(wishes.c.resident_id == resident_id, wishes.c.claimant_id == resident_id)
            )
        if status is not None:
            query = query.where(wishes.c.status == status.value)
        if building_id is not None:
            query = query.where(
                exists().where(
                    known_residents.c.id == wishes.c.resident_id,
                    known_residents.c.building_id == building_id,
                )
            )
        return keyset_page(
            self._conn,
            query,
            [wishes.c.created_us, wishes.c.id],
            first,
            after,
            lambda r: _wish(r._mapping),
            descending=True,
        )

    def wishes_touching(self, resident_id: str) -> list[Wish]:
        rows = self._conn.execute(
            select(wishes).where(
                or_(wishes.c.resident_id == resident_id, wishes.c.claimant_id == resident_id)
            )
        )
        return [_wish(r._mapping) for r in rows]

    def delete_wish(self, wish_id: str) -> None:
        self._conn.execute(wishes.delete().where(wishes.c.id == wish_id))


def _wish(row: Any) -> Wish:
    return Wish(
        id=row["id"],
        community_id=row["community_id"],
        resident_id=row["resident_id"],
        title=row["title"],
        description=row["description"],
        status=WishStatus(row["status"]),
        claimant_id=row["claimant_id"],
        created_at=utc(row["created_at"]),
        claimed_at=utc_or_none(row["claimed_at"]),
        fulfilled_at=utc_or_none(row["fulfilled_at"]),
    )
