"""CSV and chart downloads: BOM, "<5" for suppressed cells, PNG / SVG with Chinese labels."""

import random
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from matching.analytics.charts import cjk_font
from matching.analytics.model import BuildingInfo, CommunityFacts, ResidentFacts, TieFacts
from matching.analytics.service import AnalyticsService
from matching.entrypoints.analytics_http import analytics_router
from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import admin_headers, bearer


def ms(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp() * 1000)


class Facts:
    """Six buildings of 12 residents and one of 3; ties appear month by month in 2024."""

    async def community_facts(self, community_id: str, windows: Any) -> CommunityFacts | None:
        if community_id != "c1":
            return None
        rng = random.Random(3)
        buildings = [BuildingInfo(f"b{i}", f"{i + 1}栋", "cp", "金域蓝湾") for i in range(7)]
        people = [ResidentFacts(f"b{i}-{j}", f"b{i}", ms(date(2024, 1, 1)))
                  for i in range(7) for j in range(12 if i < 6 else 3)]  # fmt: skip
        ties = [
            TieFacts(a.key, b.key, ms(date(2024, rng.randint(1, 6), 15)))
            for a in people
            for b in people
            if a.key < b.key and rng.random() < (0.12 if a.building_id == b.building_id else 0.01)
        ]
        return CommunityFacts("c1", "南湖社区", tuple(buildings), tuple(people), tuple(ties))

    async def building_communities(self, building_ids: list[str]) -> dict[str, str | None]:
        return {b: "c2" for b in building_ids if b.startswith("x")}

    async def programme_start(self, community_id: str, programme: str) -> int | None:
        return ms(date(2024, 4, 1)) if programme == "百家宴" else None


def client() -> TestClient:
    app = FastAPI()
    app.include_router(analytics_router)
    app.state.container = SimpleNamespace(analytics=AnalyticsService(Facts()))
    return TestClient(app, headers=admin_headers())


def test_buildings_csv_has_a_bom_chinese_headings_and_suppressed_cells() -> None:
    r = client().get(
        "/analytics/c1/buildings.csv", params={"start": "2024-06-01", "end": "2024-06-30"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("窗口 Window,单元 Level") and "熟人率 Tie density (%)" in lines[0]
    small = next(line for line in lines if ",7栋," in line)
    assert small.count("<5") == 15  # every figure of a 3-resident building
    assert "<5" not in next(line for line in lines if ",1栋," in line).split(",")[5]


def test_trend_before_after_and_bridges_csv() -> None:
    c = client()
    trend = c.get("/analytics/c1/trend.csv", params={"first_month": "2024-01-01", "months": 6})
    assert len(trend.content.decode("utf-8-sig").splitlines()) == 1 + 6 * 7
    ba = c.get("/analytics/c1/before-after.csv", params={"programme": "百家宴", "days_before": 60})
    assert ba.status_code == 200 and "之前 Before (2024-02-01~2024-03-31)" in ba.text
    assert c.get("/analytics/c1/bridges.csv").status_code == 200


def test_charts_render_as_png_and_svg() -> None:
    c = client()
    assert cjk_font() is not None
    png = c.get(
        "/analytics/c1/charts/density.png", params={"start": "2024-06-01", "end": "2024-06-30"}
    )
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    svg = c.get(
        "/analytics/c1/charts/heatmap.svg", params={"first_month": "2024-01-01", "months": 6}
    )
    assert svg.status_code == 200 and b"<svg" in svg.content
    for chart in ("trend.png", "before-after.svg"):
        params = {
            "first_month": "2024-01-01",
            "months": 6,
            "level": "compound",
            "pivot": "2024-04-01",
        }
        assert c.get(f"/analytics/c1/charts/{chart}", params=params).status_code == 200


def test_bad_input_is_a_clear_json_error() -> None:
    c = client()
    r = c.get("/analytics/c1/buildings.csv", params={"start": "2024-06-30", "end": "2024-06-01"})
    assert r.status_code == 400 and r.json()["field"] == "window.end"
    assert c.get("/analytics/nope/buildings.csv").json()["field"] == "communityId"
    other = c.get("/analytics/c1/buildings.csv", params={"building_id": "x9"})
    assert other.status_code == 400 and "another community" in other.json()["message"]
    assert c.get("/analytics/c1/charts/density.png", params={"metric": "names"}).status_code == 400
    assert c.get("/analytics/c1/charts/heatmap.png").json()["field"] == "first_month"


def test_csv_and_charts_need_a_planner_operator_or_admin_token_of_the_community() -> None:
    url = "/analytics/c1/buildings.csv"
    assert client().get(url, headers={"authorization": ""}).status_code == 401
    resident = bearer(mint_token(AuthSettings(), "r1", "c1", ["resident"]))
    assert client().get(url, headers=resident).status_code == 403
    stranger = bearer(mint_token(AuthSettings(), "p", "c2", ["planner"]))
    assert client().get(url, headers=stranger).status_code == 404
    planner = bearer(mint_token(AuthSettings(), "p", "c1", ["planner"]))
    assert client().get(url, headers=planner).status_code == 200
