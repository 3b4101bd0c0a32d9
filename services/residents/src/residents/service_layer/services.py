"""Residents use cases. They change state through the unit of work and never commit."""

from dataclasses import dataclass
from datetime import date

from residents.domain.model import Building, Community, Resident
from residents.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import BuildingAdded, CommunityRegistered, ResidentRegistered
from shulin_kit.errors import NotFound


@dataclass(frozen=True)
class RegisterResident:
    community_id: str
    building_id: str
    display_name: str
    floor: int | None = None
    phone: str | None = None
    birth_year: int | None = None
    moved_in_on: date | None = None
    may_be_recommended: bool = True


def register_community(uow: UnitOfWork, name: str, district: str | None = None) -> Community:
    community = Community.create(name, district)
    uow.repo.add_community(community)
    uow.events.append(
        new_envelope(
            CommunityRegistered(
                community_id=community.id, name=community.name, district=community.district
            ),
            community.id,
        )
    )
    return community


def add_building(uow: UnitOfWork, community_id: str, name: str, floors: int) -> Building:
    community = _community(uow, community_id)
    building = Building.create(community, name, floors)
    uow.repo.add_building(building)
    uow.events.append(
        new_envelope(
            BuildingAdded(
                building_id=building.id,
                community_id=community.id,
                name=building.name,
                floors=floors,
            ),
            community.id,
        )
    )
    return building


def register_resident(uow: UnitOfWork, cmd: RegisterResident) -> Resident:
    community = _community(uow, cmd.community_id)
    building = uow.repo.get_building(cmd.building_id)
    if building is None:
        raise NotFound(f"no building with id {cmd.building_id!r}", "buildingId")
    resident = Resident.register(
        community,
        building,
        cmd.display_name,
        floor=cmd.floor,
        phone=cmd.phone,
        birth_year=cmd.birth_year,
        moved_in_on=cmd.moved_in_on,
        may_be_recommended=cmd.may_be_recommended,
    )
    uow.repo.add_resident(resident)
    uow.events.append(
        new_envelope(
            ResidentRegistered(
                resident_id=resident.id,
                community_id=resident.community_id,
                building_id=resident.building_id,
                display_name=resident.display_name,
                floor=resident.floor,
                moved_in_on=resident.moved_in_on,
                may_be_recommended=resident.may_be_recommended,
            ),
            resident.community_id,
            occurred_at=resident.registered_at,
        )
    )
    return resident


def _community(uow: UnitOfWork, community_id: str) -> Community:
    community = uow.repo.get_community(community_id)
    if community is None:
        raise NotFound(f"no community with id {community_id!r}", "communityId")
    return community
