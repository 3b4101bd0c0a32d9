"""FastAPI app factory for the matching subgraph."""

from fastapi import FastAPI

from matching.bootstrap import bootstrap
from matching.config import Settings
from matching.entrypoints.analytics_http import analytics_router
from matching.entrypoints.schema import schema
from shulin_kit.subgraph import create_subgraph_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_subgraph_app(
        "Shulin matching", schema, lambda: bootstrap(settings), settings.env == "production"
    )
    app.include_router(analytics_router)
    return app
