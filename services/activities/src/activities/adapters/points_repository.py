"""SQL of the points ledger and its per-resident balances."""

from typing import Any, Protocol

from sqlalchemy import Connection, func, select, update

from activities.adapters.sql_common import epoch_us, utc
from activities.adapters.tables import ledger, points_balances
from activities.domain.points import LedgerEntry, PointsReason
from shulin_kit.pagination import Page, keyset_page


class PointsRepository(Protocol):
    def add_entry(self, entry: LedgerEntry) -> bool:
        """Append an entry and move the balance; False (and nothing stored) if the balance
        would go below zero."""
        ...

    def get_entry(self, entry_id: str) -> LedgerEntry | None: ...
    def balance(self, resident_id: str) -> int: ...
    def ledger_page(
        self,
        first: int,
        after: str | None,
        resident_id: str | None = None,
        community_id: str | None = None,
        reason: PointsReason | None = None,
    ) -> Page[LedgerEntry]:
        """Newest first."""
        ...

    def erase_points(self, resident_id: str) -> None: ...


class PointsSql:
    _conn: Connection

    def add_entry(self, entry: LedgerEntry) -> bool:
        if entry.amount >= 0:
            self._ensure_balance_row(entry.resident_id)
        moved = self._conn.execute(
            update(points_balances)
            .where(
                points_balances.c.resident_id == entry.resident_id,
                points_balances.c.balance + entry.amount >= 0,
            )
            .values(balance=points_balances.c.balance + entry.amount)
        )
        if moved.rowcount != 1:
            return False
        self._conn.execute(
            ledger.insert().values(
                **vars(entry)
                | {"reason": entry.reason.value, "created_us": epoch_us(entry.created_at)}
            )
        )
        return True

    def get_entry(self, entry_id: str) -> LedgerEntry | None:
        row = self._conn.execute(select(ledger).where(ledger.c.id == entry_id)).first()
        return _entry(row._mapping) if row else None

    def balance(self, resident_id: str) -> int:
        found = self._conn.execute(
            select(points_balances.c.balance).where(points_balances.c.resident_id == resident_id)
        ).scalar()
        return int(found or 0)

    def ledger_page(
        self,
        first: int,
        after: str | None,
        resident_id: str | None = None,
        community_id: str | None = None,
        reason: PointsReason | None = None,
    ) -> Page[LedgerEntry]:
        query = select(ledger)
        if resident_id is not None:
            query = query.where(ledger.c.resident_id == resident_id)
        if community_id is not None:
            query = query.where(ledger.c.community_id == community_id)
        if reason is not None:
            query = query.where(ledger.c.reason == reason.value)
        return keyset_page(
            self._conn,
            query,
            [ledger.c.created_us, ledger.c.id],
            first,
            after,
            lambda r: _entry(r._mapping),
            descending=True,
        )

    def erase_points(self, resident_id: str) -> None:
        self._conn.execute(ledger.delete().where(ledger.c.resident_id == resident_id))
        self._conn.execute(
            points_balances.delete().where(points_balances.c.resident_id == resident_id)
        )

    def _ensure_balance_row(self, resident_id: str) -> None:
        exists = self._conn.execute(
            select(func.count())
            .select_from(points_balances)
            .where(points_balances.c.resident_id == resident_id)
        ).scalar()
        if not exists:
            self._conn.execute(points_balances.insert().values(resident_id=resident_id, balance=0))


def _entry(row: Any) -> LedgerEntry:
    return LedgerEntry(
        id=row["id"],
        community_id=row["community_id"],
        resident_id=row["resident_id"],
        amount=row["amount"],
        reason=PointsReason(row["reason"]),
        note=row["note"],
        reference=row["reference"],
        created_at=utc(row["created_at"]),
    )
