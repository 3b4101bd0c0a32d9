"""Composition root: the one place that wires adapters into the service layer."""

from residents.adapters.repository import SqlRepository
from residents.adapters.tables import metadata, outbox
from residents.config import Settings
from shulin_events import RESIDENTS_TOPIC
from shulin_kit.sql_service import SqlService

Container = SqlService[SqlRepository]


def bootstrap(settings: Settings) -> Container:
    return SqlService(
        "residents",
        settings.database_url,
        settings.kafka_bootstrap,
        metadata,
        outbox,
        RESIDENTS_TOPIC,
        SqlRepository,
        relay_enabled=settings.relay_enabled,
    )
