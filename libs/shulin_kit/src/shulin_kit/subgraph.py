"""App factory shared by the subgraphs: FastAPI + Strawberry, lifespan, /health and /ready."""

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import MaskErrors
from strawberry.fastapi import BaseContext, GraphQLRouter

from shulin_kit.errors import DomainError


class Resources(Protocol):
    """What a service's composition root gives the app: started and stopped with it."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def readiness(self) -> dict[str, Any]: ...


C = TypeVar("C", bound=Resources)


class Context(BaseContext, Generic[C]):
    def __init__(self, container: C) -> None:
        super().__init__()
        self.container = container


def is_internal_error(error: GraphQLError) -> bool:
    """Mask unexpected failures; domain errors and GraphQL's own errors stay readable."""
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


def mask_internal_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=is_internal_error)


def create_subgraph_app(
    title: str, schema: Schema, bootstrap: Callable[[], C], production: bool
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = bootstrap()
        app.state.container = container
        await container.start()
        try:
            yield
        finally:
            await container.stop()

    async def get_context(request: Request) -> Context[C]:
        return Context(request.app.state.container)

    app = FastAPI(title=title, lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
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
        state = await request.app.state.container.readiness()
        return JSONResponse(state, status_code=200 if state["ready"] else 503)

    return app


def exported_sdl(schema: Schema) -> str:
    """The SDL the gateway composes: exactly what `{ _service { sdl } }` serves."""
    return str(schema.as_str()) + "\n"


def export_schema_main(schema: Schema, schema_file: Path, argv: list[str]) -> None:
    """`--check`: fail if the committed file is stale; otherwise rewrite it."""
    sdl = exported_sdl(schema)
    if "--check" in argv:
        if not schema_file.exists() or schema_file.read_text(encoding="utf-8") != sdl:
            sys.exit(f"{schema_file} is stale: run `make schemas`")
        return
    schema_file.write_text(sdl, encoding="utf-8")
