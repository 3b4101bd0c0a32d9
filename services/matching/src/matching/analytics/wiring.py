"""Wiring of planner analytics, called from the service's composition root (bootstrap)."""

from typing import Any

from neo4j import AsyncDriver

from matching.adapters.graph.reads_analytics import AnalyticsReader
from matching.analytics.service import DEFAULT_TTL_SECONDS, AnalyticsService


def build_analytics(settings: Any, async_driver: AsyncDriver) -> AnalyticsService:
    """`settings` is matching's Settings; `analytics_cache_ttl_seconds` is optional on it."""
    ttl = float(getattr(settings, "analytics_cache_ttl_seconds", DEFAULT_TTL_SECONDS))
    return AnalyticsService(AnalyticsReader(async_driver, settings.neo4j_database), ttl)
