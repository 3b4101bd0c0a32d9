"""Composition root: the one place that wires adapters into the service layer."""

from dataclasses import dataclass

from sqlalchemy import Engine, text

from residents.adapters.tables import metadata, outbox
from residents.config import Settings
from residents.service_layer.unit_of_work import SqlUnitOfWork
from shulin_events.outbox import KafkaPublisher, OutboxRelay
from shulin_events.store import make_engine


@dataclass
class Container:
    settings: Settings
    engine: Engine
    relay: OutboxRelay

    def uow(self, write: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, after_commit=self.relay.notify, write=write)

    def database_ready(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def start(self) -> None:
        if self.settings.relay_enabled:
            self.relay.start()

    def stop(self) -> None:
        self.relay.stop()
        self.engine.dispose()


def bootstrap(settings: Settings) -> Container:
    engine = make_engine(settings.database_url)
    metadata.create_all(engine)
    relay = OutboxRelay(
        engine,
        outbox,
        lambda: KafkaPublisher(settings.kafka_bootstrap, client_id="residents-relay"),
    )
    return Container(settings=settings, engine=engine, relay=relay)
