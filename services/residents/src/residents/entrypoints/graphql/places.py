# mypy: disable-error-code="untyped-decorator"
"""Places: Community (社区), Compound (小区), Building (楼栋), Household (户)."""

import strawberry

from residents.domain import places as model
from residents.entrypoints.graphql.access import (
    guard_building_staff,
    guard_platform_admin,
    guard_staff,
)
from residents.entrypoints.graphql.common import IDEMPOTENCY_KEY, GqlInfo
from residents.service_layer import places, queries
from shulin_kit.identity import require_community
from shulin_kit.pagination import Connection
from shulin_kit.subgraph import identity_of


def _mine(info: GqlInfo, community_id: str | None) -> bool:
    """Places of other communities are not shown (as if they did not exist)."""
    return identity_of(info).in_community(community_id)


def load_community(info: GqlInfo, community_id: str) -> "Community | None":
    with info.context.container.uow() as uow:
        found = uow.repo.get_community(community_id)
    return Community.from_domain(found) if found and _mine(info, found.id) else None


def load_compound(info: GqlInfo, compound_id: str | None) -> "Compound | None":
    if compound_id is None:
        return None
    with info.context.container.uow() as uow:
        found = uow.repo.get_compound(compound_id)
    return Compound.from_domain(found) if found and _mine(info, found.community_id) else None


def load_building(info: GqlInfo, building_id: str) -> "Building | None":
    with info.context.container.uow() as uow:
        found = uow.repo.get_building(building_id)
    return Building.from_domain(found) if found and _mine(info, found.community_id) else None


@strawberry.federation.type(keys=["id"], description="社区 A community: the tenant boundary.")
class Community:
    id: strawberry.ID
    name: str
    district: str | None

    @classmethod
    def from_domain(cls, c: model.Community) -> "Community":
        return cls(id=strawberry.ID(c.id), name=c.name, district=c.district)

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Community | None":
        return load_community(info, id)

    @strawberry.field(description="楼栋 Buildings of this community, by name.")
    def buildings(self, info: GqlInfo) -> list["Building"]:
        with info.context.container.uow() as uow:
            return [Building.from_domain(b) for b in uow.repo.buildings_of(self.id)]

    @strawberry.field(
        description="小区 Compounds (residential estates) of this community, by name."
    )
    def compounds(self, info: GqlInfo) -> list["Compound"]:
        with info.context.container.uow() as uow:
            return [Compound.from_domain(c) for c in uow.repo.compounds_of(self.id)]


@strawberry.federation.type(keys=["id"], description="小区 A residential estate in a community.")
class Compound:
    id: strawberry.ID
    name: str
    community_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, c: model.Compound) -> "Compound":
        return cls(id=strawberry.ID(c.id), name=c.name, community_id=c.community_id)

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Compound | None":
        return load_compound(info, id)

    @strawberry.field
    def community(self, info: GqlInfo) -> Community | None:
        return load_community(info, self.community_id)


@strawberry.federation.type(keys=["id"], description="楼栋 A residential building.")
class Building:
    id: strawberry.ID
    name: str
    floors: int
    units: int = strawberry.field(description="单元 Number of entrances / stairwells.")
    community_id: strawberry.Private[str]
    compound_id: strawberry.Private[str | None]

    @classmethod
    def from_domain(cls, b: model.Building) -> "Building":
        return cls(
            id=strawberry.ID(b.id),
            name=b.name,
            floors=b.floors,
            units=b.units,
            community_id=b.community_id,
            compound_id=b.compound_id,
        )

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Building | None":
        return load_building(info, id)

    @strawberry.field
    def community(self, info: GqlInfo) -> Community | None:
        return load_community(info, self.community_id)

    @strawberry.field(description="小区 The compound, if the building is in one.")
    def compound(self, info: GqlInfo) -> Compound | None:
        return load_compound(info, self.compound_id)


@strawberry.type(
    description="户 A household. Its exact address (unit, floor, door) is personal data and is not shown."
)
class Household:
    id: strawberry.ID
    building_id: strawberry.Private[str]

    @strawberry.field
    def building(self, info: GqlInfo) -> Building | None:
        return load_building(info, self.building_id)


@strawberry.input
class RegisterCommunityInput:
    name: str
    district: str | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input
class AddCompoundInput:
    community_id: strawberry.ID
    name: str
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input
class AddBuildingInput:
    community_id: strawberry.ID
    name: str
    floors: int
    units: int = 1
    compound_id: strawberry.ID | None = strawberry.field(
        default=None, description="小区 Must be a compound of the same community."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input
class AddHouseholdInput:
    building_id: strawberry.ID
    unit: int = strawberry.field(default=1, description="单元 1 to the building's units.")
    floor: int
    door: str = strawberry.field(description="门牌 Door label, e.g. 502 (1–10 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type
class PlacesQuery:
    @strawberry.field
    def community(self, info: GqlInfo, id: strawberry.ID) -> Community | None:
        return load_community(info, id)

    @strawberry.field
    def compound(self, info: GqlInfo, id: strawberry.ID) -> Compound | None:
        return load_compound(info, id)

    @strawberry.field
    def building(self, info: GqlInfo, id: strawberry.ID) -> Building | None:
        return load_building(info, id)

    @strawberry.field(
        description="楼栋 Buildings of a community (optionally one compound), by name."
    )
    def buildings(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        compound_id: strawberry.ID | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Building]:
        require_community(identity_of(info), community_id)
        with info.context.container.uow() as uow:
            page = queries.buildings_page(uow, community_id, compound_id, first, after)
        return Connection.from_page(page, Building.from_domain)


@strawberry.type
class PlacesMutation:
    @strawberry.mutation(description="登记社区 Register a community.")
    def register_community(self, info: GqlInfo, input: RegisterCommunityInput) -> Community:
        guard_platform_admin(info, "registerCommunity")
        with info.context.container.uow(write=True) as uow:
            community = places.register_community(
                uow, input.name, input.district, input.idempotency_key
            )
            uow.commit()
        return Community.from_domain(community)

    @strawberry.mutation(description="添加小区 Add a compound (residential estate) to a community.")
    def add_compound(self, info: GqlInfo, input: AddCompoundInput) -> Compound:
        guard_staff(info, input.community_id, "addCompound")
        with info.context.container.uow(write=True) as uow:
            compound = places.add_compound(
                uow, input.community_id, input.name, input.idempotency_key
            )
            uow.commit()
        return Compound.from_domain(compound)

    @strawberry.mutation(description="添加楼栋 Add a building to a community (and a compound).")
    def add_building(self, info: GqlInfo, input: AddBuildingInput) -> Building:
        guard_staff(info, input.community_id, "addBuilding")
        with info.context.container.uow(write=True) as uow:
            building = places.add_building(
                uow,
                input.community_id,
                input.name,
                input.floors,
                input.units,
                input.compound_id,
                input.idempotency_key,
            )
            uow.commit()
        return Building.from_domain(building)

    @strawberry.mutation(description="添加住户地址 Add a household (an address) to a building.")
    def add_household(self, info: GqlInfo, input: AddHouseholdInput) -> Household:
        guard_building_staff(info, input.building_id, "addHousehold")
        with info.context.container.uow(write=True) as uow:
            household = places.add_household(
                uow, input.building_id, input.unit, input.floor, input.door, input.idempotency_key
            )
            uow.commit()
        return Household(id=strawberry.ID(household.id), building_id=household.building_id)
