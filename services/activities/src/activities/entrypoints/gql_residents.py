# mypy: disable-error-code="untyped-decorator"
"""The Resident entity (owned by the residents subgraph), with what this subgraph knows of them."""

import strawberry

from activities.entrypoints import access
from activities.entrypoints.gql_activities import Activity
from activities.entrypoints.gql_common import DEFAULT_PAGE, GqlInfo, read
from activities.entrypoints.gql_groups import Group
from activities.entrypoints.gql_listings import Listing
from activities.entrypoints.gql_points import Points
from activities.entrypoints.gql_wishes import Wish
from shulin_kit.pagination import MAX_PAGE_SIZE, Connection


@strawberry.federation.type(keys=["id"])
class Resident:
    """A resident, owned by the residents subgraph; this one adds their community life."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Resident":
        return cls(id=id)

    @strawberry.field(
        description="签到 Activities this resident checked in to, latest start first."
    )
    def activities(self, info: GqlInfo, limit: int = 100) -> list[Activity]:
        access.guard_resident_life(info, self.id)
        size = max(1, min(limit, MAX_PAGE_SIZE))
        found = read(info, lambda uow: uow.repo.activities_attended_by(self.id, size))
        return [Activity.from_domain(a) for a in found]

    @strawberry.field(description="Groups this resident is a member of, by name.")
    def groups(
        self, info: GqlInfo, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Group]:
        access.guard_resident_life(info, self.id)
        page = read(info, lambda uow: uow.repo.groups_of_resident(self.id, first, after))
        return Connection.from_page(page, Group.from_domain)

    @strawberry.field(description="积分 Balance and ledger.")
    def points(self) -> Points:
        return Points(resident_id=self.id)

    @strawberry.field(description="Requests and offers this resident posted, newest first.")
    def listings(
        self, info: GqlInfo, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Listing]:
        access.guard_resident_posts(info, self.id)
        page = read(info, lambda uow: uow.repo.listings_page(first, after, resident_id=self.id))
        return Connection.from_page(page, Listing.from_domain)

    @strawberry.field(description="Wishes this resident posted or claimed, newest first.")
    def wishes(
        self, info: GqlInfo, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Wish]:
        access.guard_resident_posts(info, self.id)
        page = read(info, lambda uow: uow.repo.wishes_page(first, after, resident_id=self.id))
        return Connection.from_page(page, Wish.from_domain)
