"""The residents subgraph schema (Apollo Federation v2), assembled from entrypoints.graphql."""

from strawberry.tools import merge_types

from residents.entrypoints.graphql.acquaintances import AcquaintanceMutation, AcquaintanceQuery
from residents.entrypoints.graphql.places import (
    Building,
    Community,
    Compound,
    PlacesMutation,
    PlacesQuery,
)
from residents.entrypoints.graphql.resident_api import ResidentMutation, ResidentQuery
from residents.entrypoints.graphql.residents import Resident
from residents.entrypoints.graphql.taxonomy import TaxonomyMutation, TaxonomyQuery
from shulin_kit.subgraph import SubgraphSchema, subgraph_extensions

Query = merge_types("Query", (PlacesQuery, ResidentQuery, AcquaintanceQuery, TaxonomyQuery))
Mutation = merge_types(
    "Mutation", (PlacesMutation, ResidentMutation, AcquaintanceMutation, TaxonomyMutation)
)

schema = SubgraphSchema(
    query=Query,
    mutation=Mutation,
    types=[Community, Compound, Building, Resident],
    federation_version="2.9",
    extensions=subgraph_extensions(),
)
