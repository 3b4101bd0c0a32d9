"""The relational store a producing service keeps its data and outbox in.

SQLite (embedded, the default) or PostgreSQL by URL. On SQLite, a unit of work that will write
opens its transaction with BEGIN IMMEDIATE, so two concurrent writers queue on the busy timeout
instead of one failing with "database is locked" when it upgrades a read lock.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

WRITE = {"sqlite_begin": "BEGIN IMMEDIATE"}


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def open_connection(engine: Engine, write: bool) -> Connection:
    """A connection whose next transaction is a write transaction if `write`."""
    conn = engine.connect()
    return conn.execution_options(**WRITE) if write else conn
