"""Composition root: the one place that wires adapters into the service layer."""

from typing import Any

from activities.adapters.repository import SqlRepository
from activities.adapters.tables import metadata, outbox
from activities.config import Settings
from activities.entrypoints.residents_consumer import ResidentsViewConsumer
from shulin_events import ACTIVITIES_TOPIC
from shulin_kit.sql_service import SqlService
from shulin_kit.unit_of_work import SqlUnitOfWork


class Container:
    """The store with its outbox relay, and the residents read-model consumer."""

    def __init__(self, settings: Settings) -> None:
        self.sql = SqlService(
            "activities",
            settings.database_url,
            settings.kafka_bootstrap,
            metadata,
            outbox,
            ACTIVITIES_TOPIC,
            SqlRepository,
            relay_enabled=settings.relay_enabled,
        )
        self.residents_view = (
            ResidentsViewConsumer(
                lambda: self.sql.uow(write=True),
                settings.kafka_bootstrap,
                settings.read_model_group,
            )
            if settings.read_model_enabled
            else None
        )

    def uow(self, write: bool = False) -> SqlUnitOfWork[SqlRepository]:
        return self.sql.uow(write)

    async def start(self) -> None:
        await self.sql.start()
        if self.residents_view is not None:
            self.residents_view.start()

    async def stop(self) -> None:
        if self.residents_view is not None:
            self.residents_view.stop()
        await self.sql.stop()

    async def readiness(self) -> dict[str, Any]:
        state: dict[str, Any] = dict(await self.sql.readiness())
        view = self.residents_view.state if self.residents_view is not None else "off"
        state["residents_view"] = view
        if view == "failed":
            state["ready"] = False
        return state


def bootstrap(settings: Settings) -> Container:
    return Container(settings)
