# mypy: disable-error-code="untyped-decorator"
"""GraphQL of micro-wishes (微心愿)."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from activities.domain import wishes as domain
from activities.entrypoints import access
from activities.entrypoints.gql_common import DEFAULT_PAGE, GqlInfo, read, write
from activities.service_layer import wish_services as services
from shulin_kit.pagination import Connection

if TYPE_CHECKING:
    from activities.entrypoints.gql_residents import Resident

ResidentRef = Annotated["Resident", strawberry.lazy("activities.entrypoints.gql_residents")]


@strawberry.enum
class WishStatus(Enum):
    OPEN = "OPEN"
    CLAIMED = strawberry.enum_value("CLAIMED", description="认领 A neighbour took it on.")
    FULFILLED = "FULFILLED"
    CANCELLED = "CANCELLED"


@strawberry.type(description="微心愿 A small wish of a resident in need.")
class Wish:
    id: strawberry.ID
    community_id: strawberry.ID
    resident_id: strawberry.ID
    title: str
    description: str
    status: WishStatus
    claimant_id: strawberry.ID | None
    created_at: datetime
    claimed_at: datetime | None
    fulfilled_at: datetime | None

    @strawberry.field
    def resident(self) -> ResidentRef:
        from activities.entrypoints.gql_residents import Resident

        return Resident(id=self.resident_id)

    @strawberry.field
    def claimant(self) -> ResidentRef | None:
        from activities.entrypoints.gql_residents import Resident

        return Resident(id=self.claimant_id) if self.claimant_id else None

    @classmethod
    def from_domain(cls, w: domain.Wish) -> "Wish":
        return cls(
            id=strawberry.ID(w.id),
            community_id=strawberry.ID(w.community_id),
            resident_id=strawberry.ID(w.resident_id),
            title=w.title,
            description=w.description,
            status=WishStatus(w.status.value),
            claimant_id=strawberry.ID(w.claimant_id) if w.claimant_id else None,
            created_at=w.created_at,
            claimed_at=w.claimed_at,
            fulfilled_at=w.fulfilled_at,
        )


@strawberry.input
class PostWishInput:
    resident_id: strawberry.ID
    title: str = strawberry.field(description="1–60 characters, e.g. 想要一台收音机.")
    description: str = ""
    idempotency_key: str | None = None


@strawberry.input
class WishClaimInput:
    wish_id: strawberry.ID
    claimant_id: strawberry.ID


@strawberry.input
class WishInput:
    wish_id: strawberry.ID


@strawberry.type
class WishQuery:
    @strawberry.field
    def wish(self, info: GqlInfo, id: strawberry.ID) -> Wish | None:
        found = read(info, lambda uow: uow.repo.get_wish(id))
        visible = found and access.visible(info, found.community_id, planners=False)
        return Wish.from_domain(found) if found and visible else None

    @strawberry.field(
        description="Wishes of a community, newest first; with buildingId, its residents' wishes."
    )
    def wishes(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        status: WishStatus | None = None,
        building_id: strawberry.ID | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Wish]:
        access.guard_community(info, community_id, planners=False)
        page = read(
            info,
            lambda uow: uow.repo.wishes_page(
                first,
                after,
                community_id=community_id,
                status=domain.WishStatus(status.value) if status else None,
                building_id=building_id,
            ),
        )
        return Connection.from_page(page, Wish.from_domain)


@strawberry.type
class WishMutation:
    @strawberry.mutation(description="许愿 Post a micro-wish.")
    def post_wish(self, info: GqlInfo, input: PostWishInput) -> Wish:
        access.guard_resident(info, input.resident_id, "posting a wish")
        done = write(
            info,
            lambda uow: services.post_wish(
                uow, input.resident_id, input.title, input.description, input.idempotency_key
            ),
        )
        return Wish.from_domain(done)

    @strawberry.mutation(description="认领 A neighbour (not the poster) takes a wish on.")
    def claim_wish(self, info: GqlInfo, input: WishClaimInput) -> Wish:
        access.guard_wish(info, input.wish_id, input.claimant_id, "claiming a wish")
        done = write(info, lambda uow: services.claim_wish(uow, input.wish_id, input.claimant_id))
        return Wish.from_domain(done)

    @strawberry.mutation(description="圆梦 The claimant fulfilled the wish (and earns 20 points).")
    def fulfil_wish(self, info: GqlInfo, input: WishClaimInput) -> Wish:
        access.guard_wish(info, input.wish_id, input.claimant_id, "fulfilling a wish")
        done = write(info, lambda uow: services.fulfil_wish(uow, input.wish_id, input.claimant_id))
        return Wish.from_domain(done)

    @strawberry.mutation(description="Withdraw a wish that is not yet fulfilled.")
    def cancel_wish(self, info: GqlInfo, input: WishInput) -> Wish:
        access.guard_wish(info, input.wish_id, None, "withdrawing a wish")
        return Wish.from_domain(write(info, lambda uow: services.cancel_wish(uow, input.wish_id)))
