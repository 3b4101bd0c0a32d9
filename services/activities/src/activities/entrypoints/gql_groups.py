# mypy: disable-error-code="untyped-decorator"
"""GraphQL of interest groups (兴趣社团) and neighbour associations (街坊会)."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from activities.domain import groups as domain
from activities.entrypoints import access
from activities.entrypoints.gql_common import DEFAULT_PAGE, GqlInfo, read, write
from activities.service_layer import checks
from activities.service_layer import group_services as services
from shulin_kit.pagination import Connection

if TYPE_CHECKING:
    from activities.entrypoints.gql_residents import Resident

ResidentRef = Annotated["Resident", strawberry.lazy("activities.entrypoints.gql_residents")]


@strawberry.enum(description="The kind of a residents' group.")
class GroupKind(Enum):
    INTEREST_GROUP = strawberry.enum_value("INTEREST_GROUP", description="兴趣社团 Interest group")
    NEIGHBOUR_ASSOCIATION = strawberry.enum_value(
        "NEIGHBOUR_ASSOCIATION", description="街坊会 Neighbour association"
    )


@strawberry.enum(description="A member's role in a group.")
class GroupRole(Enum):
    LEADER = strawberry.enum_value("LEADER", description="会长 / 团长 Leader")
    ORGANISER = strawberry.enum_value("ORGANISER", description="骨干 Organiser")
    MEMBER = strawberry.enum_value("MEMBER", description="成员 Member")


@strawberry.type(description="A resident's membership of a group.")
class Membership:
    group_id: strawberry.ID
    resident_id: strawberry.ID
    role: GroupRole
    joined_at: datetime

    @strawberry.field
    def resident(self) -> ResidentRef:
        from activities.entrypoints.gql_residents import Resident

        return Resident(id=self.resident_id)

    @strawberry.field
    def group(self, info: GqlInfo) -> "Group | None":
        found = read(info, lambda uow: uow.repo.get_group(self.group_id))
        return Group.from_domain(found) if found else None

    @classmethod
    def from_domain(cls, m: domain.Membership) -> "Membership":
        return cls(
            group_id=strawberry.ID(m.group_id),
            resident_id=strawberry.ID(m.resident_id),
            role=GroupRole(m.role.value),
            joined_at=m.joined_at,
        )


@strawberry.type(description="兴趣社团 / 街坊会 An interest group or a neighbour association.")
class Group:
    id: strawberry.ID
    community_id: strawberry.ID
    name: str
    kind: GroupKind
    description: str
    tags: list[str]
    building_id: strawberry.ID | None = strawberry.field(
        description="Only this building's residents may join."
    )
    compound_id: strawberry.ID | None = strawberry.field(
        description="Only this compound's (小区) residents may join."
    )
    member_count: int
    created_at: datetime

    @strawberry.field(description="Members, longest-standing first.")
    def members(
        self, info: GqlInfo, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Membership]:
        page = read(info, lambda uow: uow.repo.members_page(self.id, first, after))
        return Connection.from_page(page, Membership.from_domain)

    @classmethod
    def from_domain(cls, g: domain.Group) -> "Group":
        return cls(
            id=strawberry.ID(g.id),
            community_id=strawberry.ID(g.community_id),
            name=g.name,
            kind=GroupKind(g.kind.value),
            description=g.description,
            tags=list(g.tags),
            building_id=strawberry.ID(g.building_id) if g.building_id else None,
            compound_id=strawberry.ID(g.compound_id) if g.compound_id else None,
            member_count=g.member_count,
            created_at=g.created_at,
        )


@strawberry.input
class CreateGroupInput:
    community_id: strawberry.ID
    name: str = strawberry.field(description="1–40 characters, e.g. 太极队.")
    kind: GroupKind
    description: str = ""
    tags: list[str] = strawberry.field(
        default_factory=list, description="Taxonomy tags or synonyms, at most 10."
    )
    building_id: strawberry.ID | None = strawberry.field(
        default=None, description="Scope: only this building's residents may join."
    )
    compound_id: strawberry.ID | None = strawberry.field(
        default=None, description="Scope: only this compound's residents may join."
    )
    founder_id: strawberry.ID | None = strawberry.field(
        default=None, description="A resident who joins as the first LEADER."
    )
    idempotency_key: str | None = None


@strawberry.input
class MembershipInput:
    group_id: strawberry.ID
    resident_id: strawberry.ID


@strawberry.input
class SetMemberRoleInput:
    group_id: strawberry.ID
    resident_id: strawberry.ID
    role: GroupRole


@strawberry.type
class GroupQuery:
    @strawberry.field
    def group(self, info: GqlInfo, id: strawberry.ID) -> Group | None:
        found = read(info, lambda uow: uow.repo.get_group(id))
        return (
            Group.from_domain(found) if found and access.visible(info, found.community_id) else None
        )

    @strawberry.field(
        description="Groups of a community by name; with buildingId, those its residents may join."
    )
    def groups(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        building_id: strawberry.ID | None = None,
        kind: GroupKind | None = None,
        tag: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Group]:
        access.guard_community(info, community_id)
        group_kind = domain.GroupKind(kind.value) if kind else None
        page = read(
            info,
            lambda uow: uow.repo.groups_page(
                community_id, first, after, building_id, group_kind, checks.tag_filter(uow, tag)
            ),
        )
        return Connection.from_page(page, Group.from_domain)


@strawberry.type
class GroupMutation:
    @strawberry.mutation(description="成立社团 Create an interest group or neighbour association.")
    def create_group(self, info: GqlInfo, input: CreateGroupInput) -> Group:
        access.guard_for(
            info, [input.founder_id], input.community_id, "creating a group", "community"
        )
        cmd = services.CreateGroup(
            community_id=input.community_id,
            name=input.name,
            kind=domain.GroupKind(input.kind.value),
            description=input.description,
            tags=list(input.tags),
            building_id=input.building_id,
            compound_id=input.compound_id,
            founder_id=input.founder_id,
            idempotency_key=input.idempotency_key,
        )
        return Group.from_domain(write(info, lambda uow: services.create_group(uow, cmd)))

    @strawberry.mutation(description="入会 A resident joins a group (its scope permitting).")
    def join_group(self, info: GqlInfo, input: MembershipInput) -> Membership:
        access.guard_group(info, input.group_id, input.resident_id, "joining a group")
        done = write(info, lambda uow: services.join_group(uow, input.group_id, input.resident_id))
        return Membership.from_domain(done)

    @strawberry.mutation(description="退出 A member leaves a group.")
    def leave_group(self, info: GqlInfo, input: MembershipInput) -> Group:
        access.guard_group(info, input.group_id, input.resident_id, "leaving a group")
        done = write(info, lambda uow: services.leave_group(uow, input.group_id, input.resident_id))
        return Group.from_domain(done)

    @strawberry.mutation(description="Set a member's role (LEADER, ORGANISER or MEMBER).")
    def set_member_role(self, info: GqlInfo, input: SetMemberRoleInput) -> Membership:
        access.guard_group(info, input.group_id, None, "setting a member's role")
        role = domain.GroupRole(input.role.value)
        done = write(
            info,
            lambda uow: services.set_member_role(uow, input.group_id, input.resident_id, role),
        )
        return Membership.from_domain(done)
