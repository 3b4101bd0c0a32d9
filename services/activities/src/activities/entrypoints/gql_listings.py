# mypy: disable-error-code="untyped-decorator"
"""GraphQL of request / offer lists (需求清单 / 服务清单) and skill exchanges (技能互换)."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from activities.domain import exchanges as domain
from activities.entrypoints import access
from activities.entrypoints.gql_common import DEFAULT_PAGE, GqlInfo, read, write
from activities.service_layer import checks
from activities.service_layer import exchange_services as services
from shulin_kit.pagination import Connection

if TYPE_CHECKING:
    from activities.entrypoints.gql_residents import Resident

ResidentRef = Annotated["Resident", strawberry.lazy("activities.entrypoints.gql_residents")]


def _resident(resident_id: str) -> "Resident":
    from activities.entrypoints.gql_residents import Resident

    return Resident(id=strawberry.ID(resident_id))


@strawberry.enum
class ListingKind(Enum):
    REQUEST = strawberry.enum_value("REQUEST", description="需求 I need help with…")
    OFFER = strawberry.enum_value("OFFER", description="服务 I can help with…")


@strawberry.enum
class ListingStatus(Enum):
    OPEN = "OPEN"
    MATCHED = strawberry.enum_value("MATCHED", description="An exchange is under way.")
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


@strawberry.enum
class ExchangeStatus(Enum):
    AGREED = "AGREED"
    COMPLETED = "COMPLETED"


@strawberry.type(description="技能互换 A listing matched with a counterpart.")
class Exchange:
    id: strawberry.ID
    community_id: strawberry.ID
    listing_id: strawberry.ID
    helper_id: strawberry.ID
    helped_id: strawberry.ID
    skill_tags: list[str]
    status: ExchangeStatus
    hours: float | None
    rating_by_helper: int | None = strawberry.field(description="The helper's rating (1–5).")
    rating_by_helped: int | None = strawberry.field(description="The helped's rating (1–5).")
    agreed_at: datetime
    completed_at: datetime | None

    @strawberry.field
    def helper(self) -> ResidentRef:
        return _resident(self.helper_id)

    @strawberry.field
    def helped(self) -> ResidentRef:
        return _resident(self.helped_id)

    @classmethod
    def from_domain(cls, e: domain.Exchange) -> "Exchange":
        return cls(
            id=strawberry.ID(e.id),
            community_id=strawberry.ID(e.community_id),
            listing_id=strawberry.ID(e.listing_id),
            helper_id=strawberry.ID(e.helper_id),
            helped_id=strawberry.ID(e.helped_id),
            skill_tags=list(e.skill_tags),
            status=ExchangeStatus(e.status.value),
            hours=e.hours,
            rating_by_helper=e.rating_by_helper,
            rating_by_helped=e.rating_by_helped,
            agreed_at=e.agreed_at,
            completed_at=e.completed_at,
        )


@strawberry.type(description="需求清单 / 服务清单 A request for help or an offer of help.")
class Listing:
    id: strawberry.ID
    community_id: strawberry.ID
    resident_id: strawberry.ID
    kind: ListingKind
    title: str
    description: str
    skill_tags: list[str]
    status: ListingStatus
    created_at: datetime

    @strawberry.field
    def resident(self) -> ResidentRef:
        return _resident(self.resident_id)

    @strawberry.field(description="The exchange agreed on this listing, if any.")
    def exchange(self, info: GqlInfo) -> Exchange | None:
        found = read(info, lambda uow: uow.repo.exchange_of_listing(self.id))
        return Exchange.from_domain(found) if found else None

    @classmethod
    def from_domain(cls, item: domain.Listing) -> "Listing":
        return cls(
            id=strawberry.ID(item.id),
            community_id=strawberry.ID(item.community_id),
            resident_id=strawberry.ID(item.resident_id),
            kind=ListingKind(item.kind.value),
            title=item.title,
            description=item.description,
            skill_tags=list(item.skill_tags),
            status=ListingStatus(item.status.value),
            created_at=item.created_at,
        )


@strawberry.input
class PostListingInput:
    resident_id: strawberry.ID
    kind: ListingKind
    title: str = strawberry.field(description="1–60 characters, e.g. 帮忙修水龙头.")
    skill_tags: list[str] = strawberry.field(description="Skill tags or synonyms, 1–10.")
    description: str = ""
    idempotency_key: str | None = None


@strawberry.input
class ListingInput:
    listing_id: strawberry.ID


@strawberry.input
class AgreeExchangeInput:
    listing_id: strawberry.ID
    counterpart_id: strawberry.ID = strawberry.field(
        description="The helper for a request, the taker for an offer."
    )
    idempotency_key: str | None = None


@strawberry.input
class CompleteExchangeInput:
    exchange_id: strawberry.ID
    hours: float = strawberry.field(description="0.25–24; 10 points per hour to the helper.")


@strawberry.input
class RateExchangeInput:
    exchange_id: strawberry.ID
    rater_id: strawberry.ID
    rating: int = strawberry.field(description="1–5, once per side, after completion.")


@strawberry.type
class ListingQuery:
    @strawberry.field
    def listing(self, info: GqlInfo, id: strawberry.ID) -> Listing | None:
        found = read(info, lambda uow: uow.repo.get_listing(id))
        visible = found and access.visible(info, found.community_id, planners=False)
        return Listing.from_domain(found) if found and visible else None

    @strawberry.field(description="Requests and offers of a community, newest first.")
    def listings(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        kind: ListingKind | None = None,
        status: ListingStatus | None = None,
        tag: str | None = None,
        building_id: strawberry.ID | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Listing]:
        access.guard_community(info, community_id, planners=False)
        page = read(
            info,
            lambda uow: uow.repo.listings_page(
                first,
                after,
                community_id=community_id,
                kind=domain.ListingKind(kind.value) if kind else None,
                status=domain.ListingStatus(status.value) if status else None,
                tag=checks.tag_filter(uow, tag),
                building_id=building_id,
            ),
        )
        return Connection.from_page(page, Listing.from_domain)

    @strawberry.field
    def exchange(self, info: GqlInfo, id: strawberry.ID) -> Exchange | None:
        found = read(info, lambda uow: uow.repo.get_exchange(id))
        visible = found and access.visible(info, found.community_id, planners=False)
        return Exchange.from_domain(found) if found and visible else None


@strawberry.type
class ListingMutation:
    @strawberry.mutation(description="发布需求 / 服务 Post a request for help or an offer.")
    def post_listing(self, info: GqlInfo, input: PostListingInput) -> Listing:
        access.guard_resident(info, input.resident_id, "posting a listing")
        cmd = services.PostListing(
            resident_id=input.resident_id,
            kind=domain.ListingKind(input.kind.value),
            title=input.title,
            description=input.description,
            skill_tags=list(input.skill_tags),
            idempotency_key=input.idempotency_key,
        )
        return Listing.from_domain(write(info, lambda uow: services.post_listing(uow, cmd)))

    @strawberry.mutation(description="Withdraw an open listing.")
    def cancel_listing(self, info: GqlInfo, input: ListingInput) -> Listing:
        access.guard_listing(info, input.listing_id, [], "withdrawing a listing")
        done = write(info, lambda uow: services.cancel_listing(uow, input.listing_id))
        return Listing.from_domain(done)

    @strawberry.mutation(description="对接 Accept a match: a helper or a taker for a listing.")
    def agree_exchange(self, info: GqlInfo, input: AgreeExchangeInput) -> Exchange:
        access.guard_listing(info, input.listing_id, [input.counterpart_id], "agreeing an exchange")
        done = write(
            info,
            lambda uow: services.agree_exchange(
                uow, input.listing_id, input.counterpart_id, input.idempotency_key
            ),
        )
        return Exchange.from_domain(done)

    @strawberry.mutation(description="完成 The help was given, for this many hours.")
    def complete_exchange(self, info: GqlInfo, input: CompleteExchangeInput) -> Exchange:
        access.guard_exchange(info, input.exchange_id, None, "completing an exchange")
        done = write(
            info, lambda uow: services.complete_exchange(uow, input.exchange_id, input.hours)
        )
        return Exchange.from_domain(done)

    @strawberry.mutation(description="评价 One side rates the other (1–5), once.")
    def rate_exchange(self, info: GqlInfo, input: RateExchangeInput) -> Exchange:
        access.guard_exchange(info, input.exchange_id, input.rater_id, "rating an exchange")
        done = write(
            info,
            lambda uow: services.rate_exchange(
                uow, input.exchange_id, input.rater_id, input.rating
            ),
        )
        return Exchange.from_domain(done)
