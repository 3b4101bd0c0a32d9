"""Small helpers the repositories share: UTC times back from SQLite, tags of many owners."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, Table, select


def utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def epoch_us(value: datetime) -> int:
    """A sort key: microseconds since the epoch (a cursor carries an int exactly)."""
    return int(value.timestamp() * 1_000_000)


def utc_or_none(value: datetime | None) -> datetime | None:
    return utc(value) if value is not None else None


def values_by_owner(
    conn: Connection, table: Table, owner: Column[str], value: Column[str], ids: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """E.g. the tags of each of a page of activities, in one query."""
    found: dict[str, list[str]] = defaultdict(list)
    if ids:
        rows = conn.execute(select(owner, value).where(owner.in_(list(ids))).order_by(owner, value))
        for owner_id, item in rows:
            found[owner_id].append(item)
    return {i: tuple(found.get(i, ())) for i in ids}


def insert_values(
    conn: Connection, table: Table, owner: str, owner_id: str, column: str, values: Sequence[str]
) -> None:
    if values:
        conn.execute(table.insert(), [{owner: owner_id, column: v} for v in values])
