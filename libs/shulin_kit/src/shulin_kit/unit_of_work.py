"""SQL unit of work: one transaction holding a change and the events it produced."""

from collections.abc import Callable
from types import TracebackType
from typing import Generic, Self, TypeVar

from sqlalchemy import Connection, Engine, Table

from shulin_events import Envelope
from shulin_kit.outbox import add_to_outbox
from shulin_kit.store import open_connection

R = TypeVar("R")


class SqlUnitOfWork(Generic[R]):
    """Collected events go to the outbox in the same transaction; commit is the caller's.

    Leaving the block without `commit()` rolls everything back, events included.
    """

    repo: R

    def __init__(
        self,
        engine: Engine,
        repository: Callable[[Connection], R],
        outbox: Table,
        topic: str,
        after_commit: Callable[[], None] = lambda: None,
        write: bool = False,
    ) -> None:
        self._engine = engine
        self._repository = repository
        self._outbox = outbox
        self._topic = topic
        self._after_commit = after_commit
        self._write = write
        self.events: list[Envelope] = []

    def __enter__(self) -> Self:
        self._conn = open_connection(self._engine, self._write)
        self._tx = self._conn.begin()
        self.repo = self._repository(self._conn)
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
        add_to_outbox(self._conn, self._outbox, self._topic, self.events)
        self._tx.commit()
        if self.events:
            self._after_commit()
