"""Unit of work: one transaction holding the change and its outbox events."""

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import Connection, Engine

from activities.adapters.repository import Repository, SqlRepository
from activities.adapters.tables import outbox
from shulin_events import ACTIVITIES_TOPIC, Envelope
from shulin_events.outbox import add_to_outbox
from shulin_events.store import open_connection


class UnitOfWork(Protocol):
    repo: Repository
    events: list[Envelope]

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class SqlUnitOfWork:
    """Writes collected events to the outbox in the same transaction; commit is the caller's."""

    repo: Repository

    def __init__(
        self, engine: Engine, after_commit: Callable[[], None] = lambda: None, write: bool = False
    ) -> None:
        self._engine = engine
        self._write = write
        self._after_commit = after_commit
        self.events: list[Envelope] = []

    def __enter__(self) -> Self:
        self._conn: Connection = open_connection(self._engine, self._write)
        self._tx = self._conn.begin()
        self.repo = SqlRepository(self._conn)
        self.events = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._tx.is_active:
            self._tx.rollback()
        self._conn.close()

    def commit(self) -> None:
        add_to_outbox(self._conn, outbox, ACTIVITIES_TOPIC, self.events)
        self._tx.commit()
        if self.events:
            self._after_commit()
