"""Composition root of the matching API: one async Neo4j driver per process."""

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase

from matching.adapters.graph import GraphReader
from matching.adapters.graph.recommend_reader import RecommendReader
from matching.analytics.service import AnalyticsService
from matching.analytics.wiring import build_analytics
from matching.config import Settings
from matching.service_layer.recommendations import Recommendations
from matching.service_layer.snapshots import SnapshotCache


@dataclass
class Container:
    settings: Settings
    driver: AsyncDriver
    graph: GraphReader
    recommendations: Recommendations
    analytics: AnalyticsService

    async def start(self) -> None:
        """Nothing to start: the driver connects lazily, so the API comes up before Neo4j."""

    async def stop(self) -> None:
        await self.driver.close()

    async def readiness(self) -> dict[str, Any]:
        try:
            await self.driver.verify_connectivity()
        except Exception:
            return {"ready": False, "neo4j": False}
        return {"ready": True, "neo4j": True}


def bootstrap(settings: Settings) -> Container:
    driver = AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_acquisition_timeout=5,
        connection_timeout=3,
    )
    reader = RecommendReader(driver, settings.neo4j_database)
    snapshots = SnapshotCache(reader.snapshot, settings.snapshot_ttl_s)
    return Container(
        settings=settings,
        driver=driver,
        graph=GraphReader(driver, settings.neo4j_database),
        recommendations=Recommendations(reader, snapshots, settings.recommend),
        analytics=build_analytics(settings, driver),
    )
