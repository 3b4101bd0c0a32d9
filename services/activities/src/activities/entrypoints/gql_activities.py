# mypy: disable-error-code="untyped-decorator"
"""GraphQL of activities (邻里活动): create, cancel, register (with a waitlist), check in."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from activities.domain import model
from activities.entrypoints import access
from activities.entrypoints.gql_common import DEFAULT_PAGE, GqlInfo, read, write
from activities.service_layer import activity_services as services
from activities.service_layer import checks
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_kit.pagination import Connection

if TYPE_CHECKING:
    from activities.entrypoints.gql_residents import Resident

ResidentRef = Annotated["Resident", strawberry.lazy("activities.entrypoints.gql_residents")]


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


@strawberry.enum(description="Whether an activity still takes place.")
class ActivityStatus(Enum):
    SCHEDULED = "SCHEDULED"
    CANCELLED = "CANCELLED"


@strawberry.federation.type(keys=["id"], description="邻里活动 A neighbourhood activity.")
class Activity:
    id: strawberry.ID
    community_id: strawberry.ID
    title: str
    kind: ActivityKind
    status: ActivityStatus
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int | None = strawberry.field(description="Places available; null when unlimited.")
    registered_count: int = strawberry.field(description="报名 Places taken.")
    waitlist_count: int = strawberry.field(description="Residents waiting for a place.")
    attendee_count: int = strawberry.field(description="签到人数 Residents checked in so far.")
    organizer_id: strawberry.ID | None
    tags: list[str] = strawberry.field(description="Canonical skill / interest taxonomy tags.")
    building_ids: list[strawberry.ID] = strawberry.field(
        description="Only residents of these buildings may register; empty: everyone."
    )

    @strawberry.field(description="The organising resident, if any.")
    def organizer(self) -> ResidentRef | None:
        from activities.entrypoints.gql_residents import Resident

        return Resident(id=self.organizer_id) if self.organizer_id else None

    @strawberry.field(description="签到名单 Who checked in, earliest arrival first.")
    def attendees(
        self, info: GqlInfo, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection["CheckIn"]:
        access.no_planners(info)
        access.guard_activity(info, self.id, "the attendee list", heads=True)
        page = read(info, lambda uow: uow.repo.attendees_page(self.id, first, after))
        return Connection.from_page(page, CheckIn.from_domain)

    @strawberry.field(
        description="报名名单 Registrations, earliest first; waitlisted: only those waiting "
        "(true) or only those with a place (false)."
    )
    def registrations(
        self,
        info: GqlInfo,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
        waitlisted: bool | None = None,
    ) -> Connection["Registration"]:
        access.no_planners(info)
        access.guard_activity(info, self.id, "the registrations", heads=True)
        page = read(
            info, lambda uow: uow.repo.registrations_page(self.id, first, after, waitlisted)
        )
        return Connection.from_page(page, lambda r: Registration.from_domain(self, r))

    @classmethod
    def from_domain(cls, a: model.Activity) -> "Activity":
        return cls(
            id=strawberry.ID(a.id),
            community_id=strawberry.ID(a.community_id),
            title=a.title,
            kind=ActivityKind(a.kind.value),
            status=ActivityStatus(a.status.value),
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            place=a.place,
            capacity=a.capacity,
            registered_count=a.registered_count,
            waitlist_count=a.waitlist_count,
            attendee_count=a.attendee_count,
            organizer_id=strawberry.ID(a.organizer_id) if a.organizer_id else None,
            tags=list(a.tags),
            building_ids=[strawberry.ID(b) for b in a.building_ids],
        )

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Activity | None":
        found = read(info, lambda uow: uow.repo.get_activity(id))
        return (
            cls.from_domain(found) if found and access.visible(info, found.community_id) else None
        )


@strawberry.type(description="报名 A resident's registration for an activity.")
class Registration:
    activity: Activity
    resident_id: strawberry.ID
    waitlisted: bool = strawberry.field(description="On the waitlist: the activity was full.")
    registered_at: datetime

    @strawberry.field
    def resident(self) -> ResidentRef:
        from activities.entrypoints.gql_residents import Resident

        return Resident(id=self.resident_id)

    @classmethod
    def from_domain(cls, activity: Activity, r: model.Registration) -> "Registration":
        return cls(
            activity=activity,
            resident_id=strawberry.ID(r.resident_id),
            waitlisted=r.waitlisted,
            registered_at=r.registered_at,
        )


@strawberry.type(description="签到 A resident's attendance of an activity.")
class CheckIn:
    resident_id: strawberry.Private[str]
    checked_in_at: datetime = strawberry.field(description="When they arrived.")

    @strawberry.field(description="Who came; the residents service resolves the public fields.")
    def resident(self) -> ResidentRef:
        from activities.entrypoints.gql_residents import Resident

        return Resident(id=strawberry.ID(self.resident_id))

    @classmethod
    def from_domain(cls, c: model.CheckIn) -> "CheckIn":
        return cls(resident_id=c.resident_id, checked_in_at=c.checked_in_at)


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
    organizer_id: strawberry.ID | None = strawberry.field(
        default=None, description="A resident of the community."
    )
    tags: list[str] = strawberry.field(
        default_factory=list, description="Taxonomy tags or synonyms (e.g. 太极), at most 10."
    )
    building_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Only these buildings' residents may register."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key returns the first result."
    )


@strawberry.input
class ActivityInput:
    activity_id: strawberry.ID


@strawberry.input
class RegistrationInput:
    activity_id: strawberry.ID
    resident_id: strawberry.ID


@strawberry.input
class CheckInInput:
    activity_id: strawberry.ID
    resident_id: strawberry.ID
    met: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="认识了谁 Residents met here; each must have checked in already.",
    )


@strawberry.type
class ActivityQuery:
    @strawberry.field
    def activity(self, info: GqlInfo, id: strawberry.ID) -> Activity | None:
        return Activity.resolve_reference(info, id)

    @strawberry.field(
        description="Activities of a community, latest start first; with buildingId, those "
        "its residents may register for."
    )
    def activities(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        building_id: strawberry.ID | None = None,
        tag: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Activity]:
        access.guard_community(info, community_id)
        page = read(
            info,
            lambda uow: uow.repo.activities_page(
                community_id, first, after, building_id, checks.tag_filter(uow, tag)
            ),
        )
        return Connection.from_page(page, Activity.from_domain)


@strawberry.type
class ActivityMutation:
    @strawberry.mutation(description="发起活动 Create an activity in a community.")
    def create_activity(self, info: GqlInfo, input: CreateActivityInput) -> Activity:
        access.guard_staff(info, input.community_id, "creating an activity")
        cmd = services.CreateActivity(
            community_id=input.community_id,
            title=input.title,
            kind=model.ActivityKind(input.kind.value),
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            place=input.place,
            capacity=input.capacity,
            organizer_id=input.organizer_id,
            tags=list(input.tags),
            building_ids=list(input.building_ids),
            idempotency_key=input.idempotency_key,
        )
        return Activity.from_domain(write(info, lambda uow: services.create_activity(uow, cmd)))

    @strawberry.mutation(description="取消活动 Cancel an activity that has not ended.")
    def cancel_activity(self, info: GqlInfo, input: ActivityInput) -> Activity:
        access.guard_activity(info, input.activity_id, "cancelling an activity")
        done = write(info, lambda uow: services.cancel_activity(uow, input.activity_id))
        return Activity.from_domain(done)

    @strawberry.mutation(
        description="报名 Register a resident; on the waitlist when the activity is full."
    )
    def register_for_activity(self, info: GqlInfo, input: RegistrationInput) -> Registration:
        community = access.activity_community(info, input.activity_id)
        access.guard_for(info, [input.resident_id], community, "register for activity", "activity")

        def use_case(uow: UnitOfWork) -> tuple[model.Activity, model.Registration]:
            registration = services.register(uow, input.activity_id, input.resident_id)
            return services.get_activity(uow, input.activity_id), registration

        activity, registration = write(info, use_case)
        return Registration.from_domain(Activity.from_domain(activity), registration)

    @strawberry.mutation(
        description="取消报名 Cancel a registration; the first on the waitlist gets the place."
    )
    def cancel_registration(self, info: GqlInfo, input: RegistrationInput) -> Activity:
        community = access.activity_community(info, input.activity_id)
        access.guard_for(info, [input.resident_id], community, "cancel registration", "activity")
        done = write(
            info,
            lambda uow: services.cancel_registration(uow, input.activity_id, input.resident_id),
        )
        return Activity.from_domain(done)

    @strawberry.mutation(
        description="签到 Record that a registered resident attended (from an hour before the "
        "start until 12 hours after the end), and whom they met there."
    )
    def check_in(self, info: GqlInfo, input: CheckInInput) -> Activity:
        community = access.activity_community(info, input.activity_id)
        access.guard_for(info, [input.resident_id], community, "check in", "activity")
        done = write(
            info,
            lambda uow: services.check_in(
                uow, input.activity_id, input.resident_id, [str(m) for m in input.met]
            ),
        )
        return Activity.from_domain(done)
