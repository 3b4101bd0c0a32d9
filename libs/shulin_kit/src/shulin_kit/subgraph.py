"""App factory shared by the subgraphs: FastAPI + Strawberry, lifespan, /health and /ready."""

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import JSONResponse, Response
from graphql import GraphQLError, GraphQLResolveInfo, OperationType, is_non_null_type, located_error
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path as ResponsePath
from graphql.type import GraphQLOutputType
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.extensions import MaskErrors, ParserCache, SchemaExtension, ValidationCache
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionContext, Info

from shulin_kit.errors import DomainError, Unauthenticated
from shulin_kit.identity import GATEWAY_HEADER, AuthSettings, Identity, identity_from_header
from shulin_kit.logs import RequestIdMiddleware


class Resources(Protocol):
    """What a service's composition root gives the app: started and stopped with it."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def readiness(self) -> dict[str, Any]: ...


C = TypeVar("C", bound=Resources)


class Context(Generic[C]):
    def __init__(
        self,
        container: C,
        identity: Identity | None = None,
        auth_error: Unauthenticated | None = None,
    ) -> None:
        self.container = container
        self.identity = identity
        self.auth_error = auth_error


SIGN_IN_REQUIRED = "需要登录 Sign-in required: send 'Authorization: Bearer <token>'"
PUBLIC_ROOT_FIELDS = frozenset({"_service", "__typename", "__schema", "__type"})


def identity_of(info: Info[Any, Any] | GraphQLResolveInfo[Any]) -> Identity:
    """The verified caller, or UNAUTHENTICATED (with why the token was refused)."""
    identity: Identity | None = getattr(info.context, "identity", None)
    if identity is None:
        raise getattr(info.context, "auth_error", None) or Unauthenticated(SIGN_IN_REQUIRED)
    return identity


class RequireIdentity(SchemaExtension):
    """Every root field but `_service` needs a verified token; field rules then refine it."""

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if info.path.prev is None and info.field_name not in PUBLIC_ROOT_FIELDS:
            identity_of(info)
        return _next(root, info, *args, **kwargs)


def is_internal_error(error: GraphQLError) -> bool:
    """Mask unexpected failures; domain errors and GraphQL's own errors stay readable."""
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


NOT_RETURNED = (
    "未返回：同一查询中另一个字段被拒绝，请单独查询此字段。"
    " Not returned: another field of this query was refused; ask for this one on its own."
)


class EveryRefusedRootField(StrawberryGraphQLCoreExecutionContext):
    """Reports every root field of a query that failed, not only the first.

    graphql-core runs a query's root fields concurrently and, when a non-null one fails, cancels
    the others: only that first error was reported. The gateway then answered each other field
    it had asked this subgraph for with INTERNAL_SERVER_ERROR "Unexpected error." (a fuzzing
    finding), though no service had failed. Here every root field of a query runs to its end
    and each failure is reported; `data` is still null, as their non-null types require.
    Mutations keep graphql-core's behaviour: they run one after another and stop at a failure.

    A root field that *succeeded* beside a refused one is lost with the null `data` too; it gets
    an error of its own (NOT_RETURNED), or the gateway reported it as INTERNAL_SERVER_ERROR
    (another fuzzing finding: `points` beside a refused `pointsLedger`).
    """

    _root_field_failed = False

    def handle_field_error(
        self,
        raw_error: Exception,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: ResponsePath,
    ) -> None:
        if (
            path.prev is None
            and is_non_null_type(return_type)
            and self.operation.operation == OperationType.QUERY
            and self.error_propagation
        ):
            nodes = [details.node for details in field_details_list]
            self.collected_errors.add(located_error(raw_error, nodes, path.as_list()), path)
            self._root_field_failed = True
            return
        super().handle_field_error(raw_error, return_type, field_details_list, path)

    def build_response(self, data: dict[str, Any] | None) -> Any:
        if self._root_field_failed and data is not None:
            refused = {e.path[0] for e in self.collected_errors.errors if e.path}
            for key in data.keys() - refused - {"__typename"}:
                error = GraphQLError(NOT_RETURNED, path=[key], extensions={"code": "NOT_RETURNED"})
                self.collected_errors.add(error, ResponsePath(None, key, None))
        return super().build_response(None if self._root_field_failed else data)


class SubgraphSchema(strawberry.federation.Schema):
    """A federation schema whose log holds only unexpected errors (with their traceback), and
    which reports every refused root field of a query (`EveryRefusedRootField`).

    Refusals the API means — bad input, forbidden, not found, unavailable — are answers with a
    code, not failures: logging each with a traceback buried the real ones (and made "no
    unhandled exception in any service log" impossible to check).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("execution_context_class", EveryRefusedRootField)
        super().__init__(*args, **kwargs)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        super().process_errors([e for e in errors if is_internal_error(e)], execution_context)


def mask_internal_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=is_internal_error)


# The gateway sends each subgraph a handful of distinct query texts (its query plans), so
# parsed and validated documents are reused: on the recommendation benchmark parsing and
# validation were a fifth of the matching API's CPU. Bounded, since clients reaching a
# subgraph directly could send many distinct texts.
DOCUMENT_CACHE_SIZE = 512


def subgraph_extensions() -> list[Any]:
    """The schema extensions of every subgraph: caches first, then masking and sign-in."""
    return [
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        mask_internal_errors,
        RequireIdentity,
    ]


class SubgraphGraphQL(GraphQL[Context[Any], None]):
    """Strawberry's ASGI GraphQL app, with the verified caller (if any) in the context."""

    def __init__(self, schema: Schema, auth: AuthSettings, **options: Any) -> None:
        super().__init__(schema, **options)
        self._auth = auth

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context[Any]:
        identity, problem = identity_from_header(self._auth, request.headers.get("authorization"))
        return Context(request.app.state.container, identity, problem)


class OnlyTheGateway:
    """In production only the gateway (holding the shared secret) reaches /graphql."""

    def __init__(self, app: ASGIApp, auth: AuthSettings) -> None:
        self.app = app
        self._auth = auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = dict(scope.get("headers", [])).get(GATEWAY_HEADER.encode())
        if scope["type"] == "http" and not self._auth.gateway_secret_matches(
            given.decode("latin-1") if given is not None else None
        ):
            refused = JSONResponse(
                {"errors": [{"message": GATEWAY_ONLY, "extensions": {"code": "FORBIDDEN"}}]},
                status_code=403,
            )
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_subgraph_app(
    title: str,
    schema: Schema,
    bootstrap: Callable[[], C],
    production: bool,
    auth: AuthSettings | None = None,
) -> FastAPI:
    auth = auth or AuthSettings()
    if production:
        auth.check_production()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = bootstrap()
        app.state.container = container
        await container.start()
        try:
            yield
        finally:
            await container.stop()

    app = FastAPI(title=title, lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.auth = auth
    app.add_middleware(RequestIdMiddleware)
    graphql: ASGIApp = SubgraphGraphQL(
        schema,
        auth,
        graphql_ide=None if production else "graphiql",
        allow_queries_via_get=not production,
    )
    if production:
        graphql = OnlyTheGateway(graphql, auth)
    # A plain ASGI endpoint: FastAPI's request handling and dependency solving cost ~7 % of
    # the matching API's CPU per request, for an endpoint that needs neither.
    app.router.routes.append(Route("/graphql", graphql, methods=["GET", "POST"]))

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready")
    async def ready(request: Request) -> JSONResponse:
        state = await request.app.state.container.readiness()
        return JSONResponse(state, status_code=200 if state["ready"] else 503)

    return app


GATEWAY_ONLY = "只接受网关的请求 Only the gateway may call this subgraph"


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
