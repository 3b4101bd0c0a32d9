"""Use cases for places: communities, compounds, buildings, households. They never commit."""

from residents.domain.places import Building, Community, Compound, Household
from residents.service_layer import common, events
from residents.service_layer.unit_of_work import UnitOfWork
from shulin_kit.errors import Conflict


def register_community(
    uow: UnitOfWork, name: str, district: str | None = None, idempotency_key: str | None = None
) -> Community:
    if (done := common.recalled(uow, "registerCommunity", idempotency_key)) is not None:
        return uow.repo.get_community(done) or common.gone("community")
    community = Community.create(name, district)
    uow.repo.add_community(community)
    uow.events.append(events.community_registered(community))
    common.remember(uow, "registerCommunity", idempotency_key, community.id)
    return community


def add_compound(
    uow: UnitOfWork, community_id: str, name: str, idempotency_key: str | None = None
) -> Compound:
    if (done := common.recalled(uow, "addCompound", idempotency_key)) is not None:
        return uow.repo.get_compound(done) or common.gone("compound")
    compound = Compound.create(common.community(uow, community_id), name)
    uow.repo.add_compound(compound)
    uow.events.append(events.compound_added(compound))
    common.remember(uow, "addCompound", idempotency_key, compound.id)
    return compound


def add_building(
    uow: UnitOfWork,
    community_id: str,
    name: str,
    floors: int,
    units: int = 1,
    compound_id: str | None = None,
    idempotency_key: str | None = None,
) -> Building:
    if (done := common.recalled(uow, "addBuilding", idempotency_key)) is not None:
        return uow.repo.get_building(done) or common.gone("building")
    community = common.community(uow, community_id)
    compound = common.compound(uow, compound_id) if compound_id is not None else None
    building = Building.create(community, name, floors, units, compound)
    uow.repo.add_building(building)
    uow.events.append(events.building_added(building))
    common.remember(uow, "addBuilding", idempotency_key, building.id)
    return building


def add_household(
    uow: UnitOfWork,
    building_id: str,
    unit: int,
    floor: int,
    door: str,
    idempotency_key: str | None = None,
) -> Household:
    """No event: a household is an exact address, personal data that stays here."""
    if (done := common.recalled(uow, "addHousehold", idempotency_key)) is not None:
        return uow.repo.get_household(done) or common.gone("household")
    household = Household.create(common.building(uow, building_id), unit, floor, door)
    if uow.repo.household_at(building_id, household.unit, household.floor, household.door):
        raise Conflict("this building already has a household at that unit, floor and door", "door")
    uow.repo.add_household(household)
    common.remember(uow, "addHousehold", idempotency_key, household.id)
    return household
