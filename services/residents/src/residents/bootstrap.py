"""Composition root: the one place that wires adapters into the service layer."""

from typing import TypeAlias

from residents.adapters.repository import SqlRepository
from residents.adapters.tables import metadata, outbox
from residents.config import Settings
from residents.domain.taxonomy_seed import seed_tags
from residents.service_layer import taxonomy
from shulin_events import RESIDENTS_TOPIC
from shulin_kit.sql_service import SqlService

Container: TypeAlias = SqlService[SqlRepository]


def bootstrap(settings: Settings) -> Container:
    container = SqlService(
        "residents",
        settings.database_url,
        settings.kafka_bootstrap,
        metadata,
        outbox,
        RESIDENTS_TOPIC,
        SqlRepository,
        relay_enabled=settings.relay_enabled,
    )
    seed_taxonomy(container)
    return container


def seed_taxonomy(container: Container) -> int:
    """An empty tag table gets the seed taxonomy, with a TaxonomyTagDefined event per tag."""
    with container.uow(write=True) as uow:
        seeded = taxonomy.seed_if_empty(uow, seed_tags())
        uow.commit()
    return seeded
