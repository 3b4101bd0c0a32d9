"""The activities subgraph schema (Apollo Federation v2), assembled from one module per area."""

from strawberry.tools import merge_types

from activities.entrypoints.gql_activities import (
    Activity,
    ActivityKind,
    ActivityMutation,
    ActivityQuery,
)
from activities.entrypoints.gql_attendance import AttendanceMutation
from activities.entrypoints.gql_groups import GroupMutation, GroupQuery
from activities.entrypoints.gql_listings import ListingMutation, ListingQuery
from activities.entrypoints.gql_points import PointsMutation, PointsQuery
from activities.entrypoints.gql_residents import Resident
from activities.entrypoints.gql_wishes import WishMutation, WishQuery
from shulin_kit.subgraph import Context, SubgraphSchema, subgraph_extensions

__all__ = ["ActivityKind", "Context", "schema"]

Query = merge_types("Query", (ActivityQuery, GroupQuery, ListingQuery, PointsQuery, WishQuery))
Mutation = merge_types(
    "Mutation",
    (
        ActivityMutation,
        AttendanceMutation,
        GroupMutation,
        ListingMutation,
        PointsMutation,
        WishMutation,
    ),
)

schema = SubgraphSchema(
    query=Query,
    mutation=Mutation,
    types=[Activity, Resident],
    federation_version="2.9",
    extensions=subgraph_extensions(),
)
