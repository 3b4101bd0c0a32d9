"""The resources of a subgraph that owns relational data and publishes through an outbox."""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, MetaData, Table, text

from shulin_kit.outbox import KafkaPublisher, OutboxRelay
from shulin_kit.store import make_engine
from shulin_kit.unit_of_work import SqlUnitOfWork

R = TypeVar("R")


class SqlService(Generic[R]):
    """One engine and one outbox relay per process; units of work are made per request."""

    def __init__(
        self,
        name: str,
        database_url: str,
        kafka_bootstrap: str,
        metadata: MetaData,
        outbox: Table,
        topic: str,
        repository: Callable[[Connection], R],
        relay_enabled: bool = True,
    ) -> None:
        self.engine = make_engine(database_url)
        metadata.create_all(self.engine)
        self.relay = OutboxRelay(
            self.engine, outbox, lambda: KafkaPublisher(kafka_bootstrap, client_id=f"{name}-relay")
        )
        self._outbox = outbox
        self._topic = topic
        self._repository = repository
        self._relay_enabled = relay_enabled

    def uow(self, write: bool = False) -> SqlUnitOfWork[R]:
        return SqlUnitOfWork(
            self.engine,
            self._repository,
            self._outbox,
            self._topic,
            after_commit=self.relay.notify,
            write=write,
        )

    async def start(self) -> None:
        if self._relay_enabled:
            self.relay.start()

    async def stop(self) -> None:
        self.relay.stop()
        self.engine.dispose()

    async def readiness(self) -> dict[str, Any]:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            return {"ready": False, "database": False}
        return {"ready": True, "database": True, "outbox_pending": self.relay.pending_count()}
