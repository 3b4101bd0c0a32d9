"""Planner downloads: CSV tables (UTF-8 with BOM) and report charts (PNG / SVG).

Included in the matching app with `app.include_router(analytics_router)`; answers come from
`request.app.state.container.analytics`. Errors are JSON `{code, field, message}`.
"""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from matching.analytics import charts, export_csv
from matching.analytics.model import Level
from matching.analytics.reports import BeforeAfter, BridgeTable, NetworkTable
from matching.analytics.service import AnalyticsService, Scope
from matching.analytics.table import METRICS
from matching.analytics.windows import Window, monthly_windows, window
from matching.domain.errors import GraphUnavailable
from shulin_kit.errors import DomainError, InvalidInput, NotFound
from shulin_kit.identity import AuthSettings, identity_from_header
from shulin_kit.subgraph import SIGN_IN_REQUIRED

T = TypeVar("T")
Fmt = Literal["png", "svg"]
METRIC_NAMES = tuple(m for m, _ in METRICS)
MEDIA = {"png": "image/png", "svg": "image/svg+xml", "csv": "text/csv; charset=utf-8"}


def _analyst(request: Request, community_id: str) -> None:
    """Planners, operators and admins of the community; aggregates only, like the GraphQL API."""
    auth = getattr(request.app.state, "auth", None) or AuthSettings()
    identity, problem = identity_from_header(auth, request.headers.get("authorization"))
    if identity is None:
        message = problem.message if problem else SIGN_IN_REQUIRED
        raise HTTPException(401, {"code": "UNAUTHENTICATED", "message": message})
    if not identity.in_community(community_id):
        raise HTTPException(404, {"code": "NOT_FOUND", "message": "未找到 community not found"})
    if not identity.has("planner", "operator", "admin"):
        message = "无权操作 Forbidden: analytics are for planners, operators and admins"
        raise HTTPException(403, {"code": "FORBIDDEN", "message": message})


analytics_router = APIRouter(
    prefix="/analytics", tags=["analytics"], dependencies=[Depends(_analyst)]
)

LevelQ = Annotated[Literal["building", "compound", "community"], Query()]
Buildings = Annotated[list[str] | None, Query(alias="building_id")]


def _service(request: Request) -> AnalyticsService:
    analytics: AnalyticsService = request.app.state.container.analytics
    return analytics


def _status(error: DomainError) -> int:
    if isinstance(error, NotFound):
        return 404
    return 400 if isinstance(error, InvalidInput) else 503


async def _answer(
    work: Callable[[], Awaitable[T]], render: Callable[[T], bytes], kind: str, name: str
) -> Response:
    try:
        try:
            result = await work()
        except (ServiceUnavailable, SessionExpired, OSError):
            raise GraphUnavailable() from None
    except DomainError as e:
        body = {"code": e.code, "field": e.field, "message": e.message}
        return JSONResponse(body, status_code=_status(e))
    content = await asyncio.to_thread(render, result)
    headers = {"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"}
    return Response(content, media_type=MEDIA[kind], headers=headers)


def _window(start: date | None, end: date | None) -> Window | None:
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise InvalidInput("give both start and end", "start" if start is None else "end")
    return window(start, end)


def _scope(level: str, compound_id: str | None, building_ids: list[str] | None) -> Scope:
    return Scope(Level(level), compound_id, tuple(building_ids or ()))


def _metric(metric: str) -> str:
    if metric not in METRIC_NAMES:
        raise InvalidInput(f"metric must be one of {', '.join(METRIC_NAMES)}", "metric")
    return metric


@analytics_router.get("/{community_id}/buildings.csv")
async def network_table_csv(
    request: Request,
    community_id: str,
    start: date | None = None,
    end: date | None = None,
    level: LevelQ = "building",
    compound_id: str | None = None,
    building_ids: Buildings = None,
) -> Response:
    """The per-unit table of one window (default: the last 30 days); `level` picks the unit."""

    async def work() -> list[NetworkTable]:
        scope = _scope(level, compound_id, building_ids)
        return [await _service(request).network(community_id, _window(start, end), scope)]

    return await _answer(work, export_csv.network_csv, "csv", f"{community_id}-{level}.csv")


@analytics_router.get("/{community_id}/trend.csv")
async def trend_table_csv(
    request: Request,
    community_id: str,
    first_month: date,
    months: int = 12,
    level: LevelQ = "building",
    compound_id: str | None = None,
    building_ids: Buildings = None,
) -> Response:
    """One row per month and unit."""

    async def work() -> list[NetworkTable]:
        scope = _scope(level, compound_id, building_ids)
        wins = monthly_windows(first_month, months)
        return await _service(request).trend(community_id, wins, scope)

    return await _answer(work, export_csv.network_csv, "csv", f"{community_id}-trend.csv")


@analytics_router.get("/{community_id}/before-after.csv")
async def before_after_csv(
    request: Request,
    community_id: str,
    pivot: date | None = None,
    programme: str | None = None,
    days_before: int = 90,
    days_after: int = 90,
    level: LevelQ = "building",
    compound_id: str | None = None,
    building_ids: Buildings = None,
) -> Response:
    async def work() -> BeforeAfter:
        scope = _scope(level, compound_id, building_ids)
        return await _service(request).before_after(
            community_id, scope, pivot, programme, days_before, days_after
        )

    name = f"{community_id}-before-after.csv"
    return await _answer(work, export_csv.before_after_csv, "csv", name)


@analytics_router.get("/{community_id}/bridges.csv")
async def bridges_csv(
    request: Request,
    community_id: str,
    start: date | None = None,
    end: date | None = None,
    limit: int = 1000,
) -> Response:
    async def work() -> BridgeTable:
        return await _service(request).bridges(community_id, _window(start, end), limit)

    return await _answer(work, export_csv.bridges_csv, "csv", f"{community_id}-bridges.csv")


@analytics_router.get("/{community_id}/charts/{chart}.{fmt}")
async def chart(
    request: Request,
    community_id: str,
    chart: Literal["density", "bars", "heatmap", "trend", "before-after"],
    fmt: Fmt,
    metric: str = "density",
    start: date | None = None,
    end: date | None = None,
    first_month: date | None = None,
    months: int = 12,
    pivot: date | None = None,
    programme: str | None = None,
    days_before: int = 90,
    days_after: int = 90,
    level: LevelQ = "building",
    compound_id: str | None = None,
    building_ids: Buildings = None,
) -> Response:
    """density / bars: one bar per unit for a window; heatmap: unit × month; trend: lines per
    unit across months; before-after: paired bars around `pivot` or a `programme`'s start."""
    svc = _service(request)
    name = f"{community_id}-{chart}.{fmt}"

    def scope() -> Scope:
        return _scope(level, compound_id, building_ids)

    if chart in ("density", "bars"):

        async def one() -> NetworkTable:
            _metric(metric)
            return await svc.network(community_id, _window(start, end), scope())

        return await _answer(one, lambda t: charts.bar_chart(t, fmt, metric), fmt, name)
    if chart == "before-after":

        async def pair() -> BeforeAfter:
            _metric(metric)
            return await svc.before_after(
                community_id, scope(), pivot, programme, days_before, days_after
            )

        return await _answer(pair, lambda r: charts.before_after_chart(r, fmt, metric), fmt, name)

    async def series() -> list[NetworkTable]:
        _metric(metric)
        if first_month is None:
            raise InvalidInput("give first_month (and months)", "first_month")
        return await svc.trend(community_id, monthly_windows(first_month, months), scope())

    draw = charts.heatmap if chart == "heatmap" else charts.trend_lines
    return await _answer(series, lambda ts: draw(ts, fmt, metric), fmt, name)
