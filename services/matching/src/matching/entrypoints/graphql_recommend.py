"""Recommendation queries of the matching subgraph (merged into Query as `RecommendQuery`).

Resolvers call `info.context.container.recommendations` (service_layer.recommendations).
"""
# mypy: disable-error-code="untyped-decorator"

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import strawberry
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, ServiceUnavailable, SessionExpired
from strawberry.types import Info

from matching.domain.errors import GraphUnavailable
from matching.entrypoints.graphql_recommend_types import (
    NO_CANDIDATES,
    ActivityRecommendations,
    GroupRecommendations,
    OperatorCandidates,
    ResidentRecommendations,
    SkillRequirement,
    activity_answer,
    group_answer,
    resident_answer,
    resident_items,
    team,
)
from matching.recommend.operators import Requirement
from matching.service_layer.recommendations import Recommendations
from shulin_kit.identity import STAFF, forbidden, not_in_community, require_role_in
from shulin_kit.subgraph import identity_of


@asynccontextmanager
async def graph_errors() -> AsyncIterator[None]:
    try:
        yield
    except (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError, OSError):
        raise GraphUnavailable() from None


def service(info: Info[Any, None]) -> Recommendations:
    recommendations: Recommendations = info.context.container.recommendations
    return recommendations


async def require_for_resident(info: Info[Any, None], resident_id: str) -> None:
    """Recommendations about a resident: for that resident, or staff of their community."""
    identity = identity_of(info)
    if identity.sub == resident_id and identity.has("resident", "building_head"):
        return
    async with graph_errors():
        community = await service(info).community_of(resident_id)
    if community is None:
        return  # unknown or removed: the use case says which, as NOT_FOUND
    if not identity.in_community(community):
        raise not_in_community("resident", "residentId")
    if not identity.is_staff_of(community):
        raise forbidden("recommendations for another resident are for operators and admins")


@strawberry.type
class RecommendQuery:
    @strawberry.field(
        description="社区运营官候选人与团队 Capable residents for a project, ranked, and a team that "
        "covers the skills with low communication cost (RarestFirst; with leaderId, built around them)."
    )
    async def operator_candidates(
        self,
        info: Info[Any, None],
        community_id: strawberry.ID,
        skills: list[SkillRequirement],
        team_size: int,
        building_ids: list[strawberry.ID] | None = None,
        leader_id: strawberry.ID | None = None,
        first: int = 10,
    ) -> OperatorCandidates:
        require_role_in(identity_of(info), community_id, STAFF, "operatorCandidates")
        reqs = [Requirement(s.tag, s.min_level) for s in skills]
        async with graph_errors():
            got = await service(info).operators(
                community_id,
                reqs,
                team_size,
                [str(b) for b in building_ids or []],
                leader_id,
                first,
            )
        a = got.answer
        return OperatorCandidates(
            candidates=resident_items(a.candidates),
            team=team(a.team, a.related_cover),
            uncovered_skills=list(a.team.uncovered),
            communication_cost=round(a.team.diameter, 6),
            note=None if a.candidates else NO_CANDIDATES,
            snapshot_age_seconds=round(got.snapshot_age_s, 3),
        )

    @strawberry.field(
        description="技能互换匹配 For a request, who can help; for an offer, who needs it. Give a "
        "listingId, or a residentId and a skill (offering=false: they need it)."
    )
    async def exchange_matches(
        self,
        info: Info[Any, None],
        listing_id: strawberry.ID | None = None,
        resident_id: strawberry.ID | None = None,
        skill: str | None = None,
        offering: bool = False,
        first: int = 10,
    ) -> ResidentRecommendations:
        if resident_id is not None:
            await require_for_resident(info, resident_id)
        elif listing_id is not None:
            async with graph_errors():
                community = await service(info).community_of_listing(listing_id)
            if community is not None:
                require_role_in(identity_of(info), community, STAFF, "exchangeMatches by listing")
        async with graph_errors():
            got = await service(info).exchanges(listing_id, resident_id, skill, offering, first)
        return resident_answer(got.answer, got.snapshot_age_s)

    @strawberry.field(description="推荐兴趣小组 Interest groups for a resident, with reasons.")
    async def group_recommendations(
        self, info: Info[Any, None], resident_id: strawberry.ID, first: int = 10
    ) -> GroupRecommendations:
        await require_for_resident(info, resident_id)
        async with graph_errors():
            got = await service(info).groups(resident_id, first)
        return group_answer(got.answer, got.snapshot_age_s)

    @strawberry.field(description="推荐活动 Upcoming activities for a resident, with reasons.")
    async def activity_recommendations(
        self, info: Info[Any, None], resident_id: strawberry.ID, first: int = 10
    ) -> ActivityRecommendations:
        await require_for_resident(info, resident_id)
        async with graph_errors():
            got = await service(info).activities(resident_id, first)
        return activity_answer(got.answer, got.snapshot_age_s)

    @strawberry.field(
        description="值得认识的邻居 Neighbours to meet (link prediction), never existing ties or "
        "residents who did not agree to be recommended."
    )
    async def neighbours_to_meet(
        self, info: Info[Any, None], resident_id: strawberry.ID, first: int = 10
    ) -> ResidentRecommendations:
        await require_for_resident(info, resident_id)
        async with graph_errors():
            got = await service(info).neighbours(resident_id, first)
        return resident_answer(got.answer, got.snapshot_age_s)
