"""The activities subgraph schema (Apollo Federation v2)."""

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from activities.bootstrap import Container
from activities.domain import model
from activities.service_layer import services
from shulin_kit.subgraph import Context, mask_internal_errors

MAX_PAGE = 500


GqlInfo = Info[Context[Container], None]


def _page(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


@strawberry.enum(description="活动类型 The kind of a neighbourhood activity (邻里活动).")
class ActivityKind(Enum):
    FREE_CLINIC = strawberry.enum_value("FREE_CLINIC", description="义诊 Free clinic")
    HUNDRED_FAMILY_BANQUET = strawberry.enum_value(
        "HUNDRED_FAMILY_BANQUET", description="百家宴 Hundred-family banquet"
    )
    READING_CLUB = strawberry.enum_value("READING_CLUB", description="读书会 Reading club")
    FLEA_MARKET = strawberry.enum_value("FLEA_MARKET", description="跳蚤市场 Flea market")
    COUNCIL_MEETING = strawberry.enum_value(
        "COUNCIL_MEETING", description="议事会 Residents' council meeting"
    )
    VOLUNTEER_PATROL = strawberry.enum_value(
        "VOLUNTEER_PATROL", description="志愿巡逻 Volunteer patrol"
    )
    NEIGHBOUR_FESTIVAL = strawberry.enum_value(
        "NEIGHBOUR_FESTIVAL", description="邻里节 Neighbour festival"
    )
    OTHER = strawberry.enum_value("OTHER", description="其他 Any other activity")


@strawberry.federation.type(keys=["id"], description="邻里活动 A neighbourhood activity.")
class Activity:
    id: strawberry.ID
    community_id: strawberry.ID
    title: str
    kind: ActivityKind
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int | None = strawberry.field(description="Places available; null when unlimited.")
    attendee_count: int = strawberry.field(description="签到人数 Residents checked in so far.")

    @classmethod
    def from_domain(cls, a: model.Activity) -> "Activity":
        return cls(
            id=strawberry.ID(a.id),
            community_id=strawberry.ID(a.community_id),
            title=a.title,
            kind=ActivityKind(a.kind.value),
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            place=a.place,
            capacity=a.capacity,
            attendee_count=a.attendee_count,
        )

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Activity | None":
        with info.context.container.uow() as uow:
            found = uow.repo.get_activity(id)
        return cls.from_domain(found) if found else None


@strawberry.federation.type(keys=["id"])
class Resident:
    """A resident, owned by the residents subgraph; this one adds their attendance."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Resident":
        return cls(id=id)

    @strawberry.field(
        description="签到 Activities this resident checked in to, latest start first."
    )
    def activities(self, info: GqlInfo, limit: int = 100) -> list[Activity]:
        with info.context.container.uow() as uow:
            found = uow.repo.activities_attended_by(self.id, _page(limit))
        return [Activity.from_domain(a) for a in found]


@strawberry.input
class CreateActivityInput:
    community_id: strawberry.ID
    title: str = strawberry.field(description="1–60 characters.")
    kind: ActivityKind
    starts_at: datetime = strawberry.field(description="With a time zone, e.g. +08:00.")
    ends_at: datetime = strawberry.field(description="After startsAt, with a time zone.")
    place: str = strawberry.field(description="1–80 characters, e.g. 3号楼架空层.")
    capacity: int | None = strawberry.field(
        default=None, description="At least 1; null for no limit."
    )


@strawberry.input
class CheckInInput:
    activity_id: strawberry.ID
    resident_id: strawberry.ID


@strawberry.type
class Query:
    @strawberry.field
    def activity(self, info: GqlInfo, id: strawberry.ID) -> Activity | None:
        return Activity.resolve_reference(info, id)

    @strawberry.field(description="Activities of a community, latest start first.")
    def activities(
        self, info: GqlInfo, community_id: strawberry.ID, limit: int = 100
    ) -> list[Activity]:
        with info.context.container.uow() as uow:
            found = uow.repo.activities_of(community_id, _page(limit))
        return [Activity.from_domain(a) for a in found]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="发起活动 Create an activity in a community.")
    def create_activity(self, info: GqlInfo, input: CreateActivityInput) -> Activity:
        cmd = services.CreateActivity(
            community_id=input.community_id,
            title=input.title,
            kind=model.ActivityKind(input.kind.value),
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            place=input.place,
            capacity=input.capacity,
        )
        with info.context.container.uow(write=True) as uow:
            activity = services.create_activity(uow, cmd)
            uow.commit()
        return Activity.from_domain(activity)

    @strawberry.mutation(description="签到 Record that a resident attended an activity.")
    def check_in(self, info: GqlInfo, input: CheckInInput) -> Activity:
        with info.context.container.uow(write=True) as uow:
            activity = services.check_in(uow, input.activity_id, input.resident_id)
            uow.commit()
        return Activity.from_domain(activity)


schema = strawberry.federation.Schema(
    query=Query,
    mutation=Mutation,
    types=[Activity, Resident],
    federation_version="2.9",
    extensions=[mask_internal_errors],
)
