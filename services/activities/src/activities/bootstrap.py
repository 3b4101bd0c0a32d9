"""Composition root: the one place that wires adapters into the service layer."""

from activities.adapters.repository import SqlRepository
from activities.adapters.tables import metadata, outbox
from activities.config import Settings
from shulin_events import ACTIVITIES_TOPIC
from shulin_kit.sql_service import SqlService

Container = SqlService[SqlRepository]


def bootstrap(settings: Settings) -> Container:
    return SqlService(
        "activities",
        settings.database_url,
        settings.kafka_bootstrap,
        metadata,
        outbox,
        ACTIVITIES_TOPIC,
        SqlRepository,
        relay_enabled=settings.relay_enabled,
    )
