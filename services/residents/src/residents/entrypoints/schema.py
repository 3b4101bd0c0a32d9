"""The residents subgraph schema (Apollo Federation v2)."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from residents.bootstrap import Container
from residents.domain import model
from residents.service_layer import services
from shulin_kit.subgraph import Context, mask_internal_errors

MAX_PAGE = 500


GqlInfo = Info[Context[Container], None]


def _load_community(info: GqlInfo, community_id: str) -> "Community | None":
    with info.context.container.uow() as uow:
        found = uow.repo.get_community(community_id)
    return Community.from_domain(found) if found else None


def _load_building(info: GqlInfo, building_id: str) -> "Building | None":
    with info.context.container.uow() as uow:
        found = uow.repo.get_building(building_id)
    return Building.from_domain(found) if found else None


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
        return _load_community(info, id)

    @strawberry.field(description="楼栋 Buildings of this community, by name.")
    def buildings(self, info: GqlInfo) -> list["Building"]:
        with info.context.container.uow() as uow:
            return [Building.from_domain(b) for b in uow.repo.buildings_of(self.id)]


@strawberry.federation.type(keys=["id"], description="楼栋 A residential building.")
class Building:
    id: strawberry.ID
    name: str
    floors: int
    community_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, b: model.Building) -> "Building":
        return cls(
            id=strawberry.ID(b.id), name=b.name, floors=b.floors, community_id=b.community_id
        )

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Building | None":
        return _load_building(info, id)

    @strawberry.field
    def community(self, info: GqlInfo) -> Community | None:
        return _load_community(info, self.community_id)


@strawberry.federation.type(keys=["id"], description="居民 A resident, as others may see them.")
class Resident:
    id: strawberry.ID
    display_name: str
    floor: int | None
    community_id: strawberry.Private[str]
    building_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, r: model.Resident) -> "Resident":
        return cls(
            id=strawberry.ID(r.id),
            display_name=r.display_name,
            floor=r.floor,
            community_id=r.community_id,
            building_id=r.building_id,
        )

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Resident | None":
        with info.context.container.uow() as uow:
            found = uow.repo.get_resident(id)
        return cls.from_domain(found) if found else None

    @strawberry.field
    def building(self, info: GqlInfo) -> Building | None:
        return _load_building(info, self.building_id)

    @strawberry.field
    def community(self, info: GqlInfo) -> Community | None:
        return _load_community(info, self.community_id)


@strawberry.input
class RegisterCommunityInput:
    name: str
    district: str | None = None


@strawberry.input
class AddBuildingInput:
    community_id: strawberry.ID
    name: str
    floors: int


@strawberry.input
class RegisterResidentInput:
    community_id: strawberry.ID
    building_id: strawberry.ID
    display_name: str
    floor: int | None = None
    phone: Annotated[str | None, strawberry.argument(description="个人信息 personal data")] = None
    birth_year: int | None = None
    moved_in_on: date | None = None
    may_be_recommended: bool = True


@strawberry.type
class Query:
    @strawberry.field
    def community(self, info: GqlInfo, id: strawberry.ID) -> Community | None:
        return _load_community(info, id)

    @strawberry.field
    def resident(self, info: GqlInfo, id: strawberry.ID) -> Resident | None:
        return Resident.resolve_reference(info, id)

    @strawberry.field(
        description="Residents of a community (optionally one building), oldest first."
    )
    def residents(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        building_id: strawberry.ID | None = None,
        limit: int = 100,
    ) -> list[Resident]:
        with info.context.container.uow() as uow:
            found = uow.repo.residents_of(community_id, building_id, max(1, min(limit, MAX_PAGE)))
        return [Resident.from_domain(r) for r in found]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="登记社区 Register a community.")
    def register_community(self, info: GqlInfo, input: RegisterCommunityInput) -> Community:
        with info.context.container.uow(write=True) as uow:
            community = services.register_community(uow, input.name, input.district)
            uow.commit()
        return Community.from_domain(community)

    @strawberry.mutation(description="添加楼栋 Add a building to a community.")
    def add_building(self, info: GqlInfo, input: AddBuildingInput) -> Building:
        with info.context.container.uow(write=True) as uow:
            building = services.add_building(uow, input.community_id, input.name, input.floors)
            uow.commit()
        return Building.from_domain(building)

    @strawberry.mutation(description="登记居民 Register a resident in a building.")
    def register_resident(self, info: GqlInfo, input: RegisterResidentInput) -> Resident:
        cmd = services.RegisterResident(
            community_id=input.community_id,
            building_id=input.building_id,
            display_name=input.display_name,
            floor=input.floor,
            phone=input.phone,
            birth_year=input.birth_year,
            moved_in_on=input.moved_in_on,
            may_be_recommended=input.may_be_recommended,
        )
        with info.context.container.uow(write=True) as uow:
            resident = services.register_resident(uow, cmd)
            uow.commit()
        return Resident.from_domain(resident)


schema = strawberry.federation.Schema(
    query=Query,
    mutation=Mutation,
    types=[Community, Building, Resident],
    federation_version="2.9",
    extensions=[mask_internal_errors],
)
