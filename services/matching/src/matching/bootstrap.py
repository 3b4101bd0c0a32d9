"""Composition root of the matching API: one async Neo4j driver for requests; snapshots are
read and prepared in a child process with its own synchronous driver (one child for all the
API's workers)."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from neo4j import AsyncDriver, AsyncGraphDatabase, GraphDatabase

from matching.adapters.graph import GraphReader
from matching.adapters.graph.recommend_reader import RecommendReader
from matching.adapters.graph.snapshot_reader import SnapshotReader
from matching.adapters.snapshot_broker import SharedSnapshotBuilder
from matching.adapters.snapshot_process import SnapshotProcess
from matching.analytics.service import AnalyticsService
from matching.analytics.wiring import build_analytics
from matching.config import Settings
from matching.service_layer.privacy_watch import PrivacyWatch
from matching.service_layer.recommendations import Recommendations
from matching.service_layer.snapshots import Build, SnapshotCache, build_in_thread

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    driver: AsyncDriver
    close_snapshots: Callable[[], None]
    graph: GraphReader
    recommendations: Recommendations
    analytics: AnalyticsService
    privacy: PrivacyWatch | None
    _warm_up: "asyncio.Task[None]" = field(init=False, repr=False)
    _first_snapshots: "asyncio.Task[None]" = field(init=False, repr=False)
    _privacy_poll: "asyncio.Task[None] | None" = field(init=False, repr=False, default=None)

    async def start(self) -> None:
        """The driver connects lazily, so the API comes up before Neo4j; start the warm-ups."""
        self._warm_up = asyncio.create_task(self._keep_analytics_warm())
        self._first_snapshots = asyncio.create_task(self._build_first_snapshots())
        if self.privacy is not None:
            self._privacy_poll = asyncio.create_task(self.privacy.run())

    async def stop(self) -> None:
        self._warm_up.cancel()
        self._first_snapshots.cancel()
        if self._privacy_poll is not None:
            self._privacy_poll.cancel()
        await self.driver.close()
        await anyio.to_thread.run_sync(self.close_snapshots)

    async def _build_first_snapshots(self) -> None:
        try:
            await self.recommendations.warm_up(self.settings.snapshot_warm_communities)
        except Exception as exc:  # Neo4j not up yet: the first requests build them instead
            log.warning("snapshot warm-up at start failed: %s", exc)

    async def _keep_analytics_warm(self) -> None:
        """Refresh viewed communities' heavier figures at half their time to live."""
        while True:
            await asyncio.sleep(self.analytics.ttl_seconds / 2)
            try:
                await self.analytics.refresh_viewed()
            except Exception as exc:  # Neo4j away: answers say how stale they are; retry later.
                log.warning("analytics warm-up failed: %s", exc)

    async def readiness(self) -> dict[str, Any]:
        """Ready once Neo4j answers and the first snapshots are built (or could not be): until
        then a request would wait seconds for a snapshot, so traffic is better sent elsewhere."""
        try:
            await self.driver.verify_connectivity()
        except Exception:
            return {"ready": False, "neo4j": False}
        warm = self._first_snapshots.done()
        return {"ready": warm, "neo4j": True, "snapshots_built": warm}


def bootstrap(settings: Settings) -> Container:
    options: dict[str, Any] = {
        "auth": (settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        "connection_acquisition_timeout": 5,
        "connection_timeout": 3,
        # Reads are retried on a lost connection for at most this long, then the API answers
        # TEMPORARILY_UNAVAILABLE instead of holding the request (the driver's default is 30 s).
        "max_transaction_retry_time": settings.neo4j_read_retry_s,
    }
    driver = AsyncGraphDatabase.driver(settings.neo4j_uri, **options)
    reader = RecommendReader(driver, settings.neo4j_database)
    build, close_snapshots = snapshot_builder(settings, options)
    snapshots = SnapshotCache(
        build,
        settings.snapshot_ttl_s,
        stale_s=settings.snapshot_stale_s,
        rebuild_factor=settings.snapshot_rebuild_factor,
        version=reader.graph_version,
    )
    privacy = None
    if settings.privacy_poll_s > 0:
        privacy = PrivacyWatch(
            reader.privacy_versions,
            snapshots.communities,
            settings.privacy_poll_s,
            settings.privacy_poll_max_age_s,
        )
    return Container(
        settings=settings,
        driver=driver,
        close_snapshots=close_snapshots,
        graph=GraphReader(driver, settings.neo4j_database),
        recommendations=Recommendations(reader, snapshots, settings.recommend, privacy=privacy),
        analytics=build_analytics(settings, driver),
        privacy=privacy,
    )


def snapshot_builder(
    settings: Settings, options: dict[str, Any]
) -> tuple[Build, Callable[[], None]]:
    """Where snapshots are built: the child process of the API's supervisor, shared by its
    workers; this process's own child (one worker, the default); or a thread of this one."""
    if settings.snapshot_broker:
        return SharedSnapshotBuilder(settings.snapshot_broker).build, lambda: None
    if settings.snapshot_process:
        process = SnapshotProcess(settings, settings.snapshot_builder_idle_s)
        return process.build, process.close
    sync_driver = GraphDatabase.driver(settings.neo4j_uri, max_connection_pool_size=4, **options)
    reader = SnapshotReader(sync_driver, settings.neo4j_database)
    return build_in_thread(reader.snapshot, settings.recommend), sync_driver.close
