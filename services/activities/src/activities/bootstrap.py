"""Composition root: the one place that wires adapters into the service layer."""

from typing import Any

from sqlalchemy.exc import IntegrityError

from activities.adapters.repository import SqlRepository
from activities.adapters.tables import metadata, outbox
from activities.config import Settings
from activities.entrypoints.residents_consumer import ResidentsViewConsumer
from shulin_events import ACTIVITIES_TOPIC
from shulin_kit.sql_service import SqlService
from shulin_kit.unit_of_work import SqlUnitOfWork

DEFAULT_READ_MODEL_GROUP = "activities-residents-view"


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
        self.read_model_group = residents_view_group(
            settings.read_model_group, self._database_instance_id()
        )
        self.residents_view = (
            ResidentsViewConsumer(
                lambda: self.sql.uow(write=True),
                settings.kafka_bootstrap,
                self.read_model_group,
            )
            if settings.read_model_enabled
            else None
        )

    def _database_instance_id(self) -> str:
        try:
            return self._instance_id_once()
        except IntegrityError:  # another process made it at the same moment: read theirs
            return self._instance_id_once()

    def _instance_id_once(self) -> str:
        with self.uow(write=True) as uow:
            instance = uow.repo.database_instance_id()
            uow.commit()
        return instance

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


def residents_view_group(configured: str | None, database_instance_id: str) -> str:
    """The configured group, else one of this database's own: a new database starts afresh."""
    return configured or f"{DEFAULT_READ_MODEL_GROUP}-{database_instance_id}"


def bootstrap(settings: Settings) -> Container:
    return Container(settings)
