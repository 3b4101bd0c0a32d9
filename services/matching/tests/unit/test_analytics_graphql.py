"""The analytics GraphQL surface, merged into a Query the way the subgraph does it."""

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry

from matching.analytics.model import BuildingInfo, CommunityFacts, ResidentFacts, TieFacts
from matching.analytics.service import AnalyticsService
from matching.entrypoints.graphql_analytics import AnalyticsQuery
from shulin_kit.identity import Identity
from shulin_kit.tokens import platform_admin

pytestmark = pytest.mark.anyio

T0 = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Facts:
    async def community_facts(self, community_id: str, windows: Any) -> CommunityFacts | None:
        if community_id != "c1":
            return None
        people = [ResidentFacts(f"r{i}", "b1" if i < 6 else "b2", T0) for i in range(8)]
        ties = [TieFacts("r0", "r1", T0), TieFacts("r1", "r2", T0), TieFacts("r2", "r6", T0)]
        buildings = (BuildingInfo("b1", "7栋", "cp", "金域蓝湾"), BuildingInfo("b2", "8栋"))
        return CommunityFacts("c1", "南湖社区", buildings, tuple(people), tuple(ties))

    async def building_communities(self, building_ids: list[str]) -> dict[str, str | None]:
        return {}

    async def programme_start(self, community_id: str, programme: str) -> int | None:
        return None


@strawberry.type
class Query(AnalyticsQuery):
    pass


schema = strawberry.Schema(query=Query)


async def run(query: str, identity: Identity | None = None) -> Any:
    container = SimpleNamespace(analytics=AnalyticsService(Facts()))
    who = identity or platform_admin()
    return await schema.execute(
        query, context_value=SimpleNamespace(container=container, identity=who)
    )


NETWORK = '{ neighbourNetwork(communityId: "c1") { window { label } } }'


async def test_analytics_are_for_planners_operators_and_admins_of_the_community() -> None:
    for roles in ({"planner"}, {"operator"}, {"admin"}):
        assert (await run(NETWORK, Identity("u", "c1", frozenset(roles)))).errors is None
    for roles in ({"resident"}, {"building_head"}):
        refused = await run(NETWORK, Identity("u", "c1", frozenset(roles)))
        assert refused.errors[0].extensions["code"] == "FORBIDDEN"
    elsewhere = await run(NETWORK, Identity("u", "c2", frozenset({"planner"})))
    assert elsewhere.errors[0].extensions["code"] == "NOT_FOUND"


async def test_neighbour_network_answers_figures_with_freshness() -> None:
    result = await run(
        """{ neighbourNetwork(communityId: "c1", window: {start: "2024-01-01", end: "2024-01-31"}) {
            window { label } computedAt ageSeconds
            rows { name density { value suppressed reason } residents { value suppressed } } } }"""
    )
    assert result.errors is None
    table = result.data["neighbourNetwork"]
    assert table["window"]["label"] == "2024-01" and table["ageSeconds"] >= 0
    b7, b8 = sorted(table["rows"], key=lambda r: r["name"])
    assert b7["name"] == "7栋" and b7["density"]["value"] == pytest.approx(2 / 15)
    assert b8["residents"] == {"value": None, "suppressed": True}
    assert b8["density"]["reason"] == "UNIT_FEWER_THAN_5_RESIDENTS"


async def test_trend_before_after_bridges_and_groups_resolve() -> None:
    result = await run(
        """{ neighbourNetworkTrend(communityId: "c1", firstMonth: "2024-01-01", months: 2) {
               window { label } }
             networkBeforeAfter(communityId: "c1", pivot: "2024-02-01", daysBefore: 31) {
               rows { name changes { metric change { value suppressed } } } }
             bridgeBuildings(communityId: "c1") { rows { name bridging { suppressed } } }
             detectedGroups(communityId: "c1") { smallGroups isolates { suppressed } } }"""
    )
    assert result.errors is None
    assert [t["window"]["label"] for t in result.data["neighbourNetworkTrend"]] == [
        "2024-01",
        "2024-02",
    ]
    density = next(
        c
        for c in result.data["networkBeforeAfter"]["rows"][0]["changes"]
        if c["metric"] == "density"
    )
    assert density["change"] == {"value": 0.0, "suppressed": False}
    assert result.data["detectedGroups"]["smallGroups"] >= 1  # Louvain may split the chain


@pytest.mark.parametrize(
    ("args", "code", "field"),
    [
        (
            'communityId: "c1", window: {start: "2024-02-01", end: "2024-01-01"}',
            "BAD_USER_INPUT",
            "window.end",
        ),
        ('communityId: "nope"', "NOT_FOUND", "communityId"),
        ('communityId: "c1", buildingIds: ["b404"]', "NOT_FOUND", "buildingIds"),
    ],
)
async def test_bad_input_names_the_field(args: str, code: str, field: str) -> None:
    result = await run(f"{{ neighbourNetwork({args}) {{ level }} }}")
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": code, "field": field}
