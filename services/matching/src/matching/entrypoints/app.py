"""FastAPI app factory for the matching subgraph."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter

from matching.bootstrap import Container, bootstrap
from matching.config import Settings
from matching.entrypoints.schema import Context, schema


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = bootstrap(settings)
        app.state.container = container
        try:
            yield
        finally:
            await container.close()

    async def get_context(request: Request) -> Context:
        container: Container = request.app.state.container
        return Context(container)

    production = settings.env == "production"
    app = FastAPI(title="Shulin matching", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(
        GraphQLRouter(
            schema,
            context_getter=get_context,
            graphql_ide=None if production else "graphiql",
            allow_queries_via_get=not production,
        ),
        prefix="/graphql",
    )

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready")
    async def ready(request: Request) -> JSONResponse:
        container: Container = request.app.state.container
        ok = await container.graph_ready()
        return JSONResponse(
            {"status": "ready" if ok else "unavailable", "neo4j": ok},
            status_code=200 if ok else 503,
        )

    return app
