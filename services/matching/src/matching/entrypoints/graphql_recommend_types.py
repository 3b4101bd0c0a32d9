"""GraphQL types of the recommendations: every item carries its score parts and reasons."""
# mypy: disable-error-code="untyped-decorator"

from typing import TYPE_CHECKING, Annotated

import strawberry

from matching.recommend.explain import Answer, Note, Scored
from matching.recommend.teams import Team as DomainTeam

if TYPE_CHECKING:
    from matching.entrypoints.schema import Resident

ResidentRef = Annotated["Resident", strawberry.lazy("matching.entrypoints.schema")]


def resident(resident_id: str) -> "Resident":
    from matching.entrypoints.schema import Resident  # the entity type, defined with the schema

    return Resident(id=strawberry.ID(resident_id))


@strawberry.type(description="评分组成 One named part of a score (before weighting unless noted).")
class ScorePart:
    name: str
    value: float


@strawberry.type(description="推荐说明 Why an answer is empty or not personalised.")
class RecommendationNote:
    code: str
    message_zh: str
    message_en: str


def note(n: Note | None) -> RecommendationNote | None:
    return None if n is None else RecommendationNote(code=n.code, message_zh=n.zh, message_en=n.en)


@strawberry.interface(description="A recommended item: its score, the parts of it, and a reason.")
class Recommended:
    score: float
    parts: list[ScorePart]
    reason_zh: str = strawberry.field(description="推荐理由（中文）")
    reason_en: str = strawberry.field(description="The reason, in English.")


@strawberry.type(description="推荐的兴趣小组 A recommended interest group.")
class GroupRecommendation(Recommended):
    group_id: strawberry.ID


@strawberry.federation.type(
    keys=["id"], description="活动 An activity (owned by the activities subgraph)."
)
class Activity:
    id: strawberry.ID


@strawberry.type(description="推荐的活动 A recommended upcoming activity.")
class ActivityRecommendation(Recommended):
    activity: Activity


@strawberry.type(description="推荐的居民 A recommended resident (neighbour, helper, candidate).")
class ResidentRecommendation(Recommended):
    resident: ResidentRef


def parts(item: Scored) -> list[ScorePart]:
    return [ScorePart(name=k, value=v) for k, v in item.parts.items()]


@strawberry.type
class GroupRecommendations:
    items: list[GroupRecommendation]
    note: RecommendationNote | None
    snapshot_age_seconds: float = strawberry.field(description="How old the graph snapshot is.")


@strawberry.type
class ActivityRecommendations:
    items: list[ActivityRecommendation]
    note: RecommendationNote | None
    snapshot_age_seconds: float


@strawberry.type
class ResidentRecommendations:
    items: list[ResidentRecommendation]
    note: RecommendationNote | None
    snapshot_age_seconds: float


def group_answer(a: Answer, age: float) -> GroupRecommendations:
    items = [
        GroupRecommendation(
            group_id=strawberry.ID(i.id),
            score=round(i.score, 6),
            parts=parts(i),
            reason_zh=i.reason_zh,
            reason_en=i.reason_en,
        )
        for i in a.items
    ]
    return GroupRecommendations(items=items, note=note(a.note), snapshot_age_seconds=round(age, 3))


def activity_answer(a: Answer, age: float) -> ActivityRecommendations:
    items = [
        ActivityRecommendation(
            activity=Activity(id=strawberry.ID(i.id)),
            score=round(i.score, 6),
            parts=parts(i),
            reason_zh=i.reason_zh,
            reason_en=i.reason_en,
        )
        for i in a.items
    ]
    return ActivityRecommendations(
        items=items, note=note(a.note), snapshot_age_seconds=round(age, 3)
    )


def resident_items(items: list[Scored]) -> list[ResidentRecommendation]:
    return [
        ResidentRecommendation(
            resident=resident(i.id),
            score=round(i.score, 6),
            parts=parts(i),
            reason_zh=i.reason_zh,
            reason_en=i.reason_en,
        )
        for i in items
    ]


def resident_answer(a: Answer, age: float) -> ResidentRecommendations:
    return ResidentRecommendations(
        items=resident_items(a.items), note=note(a.note), snapshot_age_seconds=round(age, 3)
    )


@strawberry.input(description="项目需要的技能 A skill a project needs, with a minimum level (1–5).")
class SkillRequirement:
    tag: str
    min_level: int = 1


@strawberry.type(description="谁负责哪项技能 Which team member covers which skill.")
class SkillAssignment:
    skill: str
    resident: ResidentRef
    via_related_skill: str | None = strawberry.field(
        description="Covered by this related skill, because nobody has the one asked for."
    )


@strawberry.type(description="推荐的团队 A team covering the skills, with low communication cost.")
class Team:
    members: list[ResidentRef]
    leader: ResidentRef | None
    assignments: list[SkillAssignment]
    uncovered_skills: list[str]
    communication_cost: float = strawberry.field(
        description="Diameter of the team in the tie graph (shortest paths, cost 1/tie weight)."
    )
    total_pairwise_cost: float


@strawberry.type(description="运营官候选人与团队 Operator candidates and a proposed team.")
class OperatorCandidates:
    candidates: list[ResidentRecommendation]
    team: Team
    uncovered_skills: list[str]
    communication_cost: float
    note: RecommendationNote | None
    snapshot_age_seconds: float


NO_CANDIDATES = RecommendationNote(
    code="no_candidates",
    message_zh="社区里没有同意被推荐、具备（或有相关）这些技能的居民",
    message_en="Nobody in the community who agreed to be recommended has these or related skills",
)


def team(t: DomainTeam, related: dict[str, str]) -> Team:
    return Team(
        members=[resident(m) for m in t.members],
        leader=resident(t.leader) if t.leader else None,
        assignments=[
            SkillAssignment(skill=s, resident=resident(m), via_related_skill=related.get(s))
            for s, m in sorted(t.assignment.items())
        ],
        uncovered_skills=list(t.uncovered),
        communication_cost=round(t.diameter, 6),
        total_pairwise_cost=round(t.total_cost, 6),
    )
