"""The matching subgraph schema: read-only answers from the Neo4j projection."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.types import Info

from matching.bootstrap import Container
from matching.domain.errors import GraphUnavailable
from matching.entrypoints.graphql_analytics import AnalyticsQuery
from matching.entrypoints.graphql_recommend import RecommendQuery, require_for_resident
from shulin_kit.errors import InvalidInput
from shulin_kit.identity import ANALYSTS, require_role_in
from shulin_kit.subgraph import Context, SubgraphSchema, identity_of, subgraph_extensions

MAX_NEIGHBOURS = 100


GqlInfo = Info[Context[Container], None]


@asynccontextmanager
async def graph_errors() -> AsyncIterator[None]:
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError):
        raise GraphUnavailable() from None


@strawberry.federation.type(
    keys=["id"], description="居民 A resident (owned by the residents subgraph)."
)
class Resident:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Resident":
        return cls(id=id)

    @strawberry.field(
        description="同楼栋的邻居（仅限同意被推荐者），楼层近者在前 / Neighbours in the same building "
        "who agreed to be recommended, nearest floor first."
    )
    async def building_neighbours(self, info: GqlInfo, limit: int = 20) -> list["Resident"]:
        if not 1 <= limit <= MAX_NEIGHBOURS:
            raise InvalidInput(f"limit must be between 1 and {MAX_NEIGHBOURS}", "limit")
        await require_for_resident(info, self.id)
        async with graph_errors():
            found = await info.context.container.graph.building_neighbours(self.id, limit)
        return [Resident(id=strawberry.ID(n.id)) for n in found]


@strawberry.type(description="Sizes of a community's projected graph.")
class CommunityGraph:
    community_id: strawberry.ID
    buildings: int
    residents: int
    activities: int


@strawberry.type
class Query(RecommendQuery, AnalyticsQuery):
    @strawberry.field(description="社区邻里图规模 How much of a community the graph holds.")
    async def community_graph(
        self, info: GqlInfo, community_id: strawberry.ID
    ) -> CommunityGraph | None:
        require_role_in(identity_of(info), community_id, ANALYSTS, "communityGraph")
        async with graph_errors():
            counts = await info.context.container.graph.community_counts(community_id)
        if counts is None:
            return None
        return CommunityGraph(
            community_id=strawberry.ID(counts.id),
            buildings=counts.buildings,
            residents=counts.residents,
            activities=counts.activities,
        )


schema = SubgraphSchema(
    query=Query,
    types=[Resident],
    federation_version="2.9",
    extensions=subgraph_extensions(),
)
