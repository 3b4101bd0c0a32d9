"""FastAPI app factory for the residents subgraph."""

from fastapi import FastAPI

from residents.bootstrap import bootstrap
from residents.config import Settings
from residents.entrypoints.schema import schema
from shulin_kit.subgraph import create_subgraph_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app: FastAPI = create_subgraph_app(
        "Shulin residents", schema, lambda: bootstrap(settings), settings.env == "production"
    )
    return app
