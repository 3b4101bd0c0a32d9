"""FastAPI app factory for the activities subgraph."""

from fastapi import FastAPI

from activities.bootstrap import bootstrap
from activities.config import Settings
from activities.entrypoints.schema import schema
from shulin_kit.subgraph import create_subgraph_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app: FastAPI = create_subgraph_app(
        "Shulin activities", schema, lambda: bootstrap(settings), settings.env == "production"
    )
    return app
