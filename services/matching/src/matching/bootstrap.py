"""Composition root of the matching API: one async Neo4j driver per process."""

from dataclasses import dataclass

from neo4j import AsyncDriver, AsyncGraphDatabase

from matching.adapters.graph import GraphReader
from matching.config import Settings


@dataclass
class Container:
    settings: Settings
    driver: AsyncDriver
    graph: GraphReader

    async def graph_ready(self) -> bool:
        try:
            await self.driver.verify_connectivity()
        except Exception:
            return False
        return True

    async def close(self) -> None:
        await self.driver.close()


def bootstrap(settings: Settings) -> Container:
    driver = AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_acquisition_timeout=5,
        connection_timeout=3,
    )
    return Container(
        settings=settings, driver=driver, graph=GraphReader(driver, settings.neo4j_database)
    )
