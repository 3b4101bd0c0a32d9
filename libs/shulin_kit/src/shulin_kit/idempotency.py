"""Idempotency keys: a retried create returns what the first attempt created.

The client sends a key (e.g. a UUID) with a create mutation. The key, the operation and the id
of what was created are stored in the same transaction as the creation; a second request with
the same key and operation gets that id back instead of creating again.
"""

from datetime import UTC, datetime

from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, select

from shulin_kit.errors import InvalidInput

MAX_KEY_LENGTH = 100


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("operation", String(60), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("result_id", String(36), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )


def check_key(key: str, field: str = "idempotencyKey") -> str:
    if not 8 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(f"{field} must be 8–{MAX_KEY_LENGTH} printable characters", field)
    return key


def recall(conn: Connection, table: Table, operation: str, key: str) -> str | None:
    """The id created by an earlier request with this key, if any."""
    row = conn.execute(
        select(table.c.result_id).where(table.c.operation == operation, table.c.key == key)
    ).first()
    return row.result_id if row else None


def remember(conn: Connection, table: Table, operation: str, key: str, result_id: str) -> None:
    conn.execute(
        table.insert().values(
            operation=operation, key=key, result_id=result_id, created_at=datetime.now(UTC)
        )
    )
