"""Look-ups and idempotency-key handling that every residents use case shares."""

from typing import NoReturn

from residents.domain.model import Resident
from residents.domain.places import Building, Community, Compound, Household
from residents.domain.taxonomy import TagIndex, TagKind
from residents.service_layer.unit_of_work import UnitOfWork
from shulin_kit.errors import NotFound
from shulin_kit.idempotency import check_key


def community(uow: UnitOfWork, community_id: str, field: str = "communityId") -> Community:
    found = uow.repo.get_community(community_id)
    if found is None:
        raise NotFound(f"no community with id {community_id!r}", field)
    return found


def compound(uow: UnitOfWork, compound_id: str, field: str = "compoundId") -> Compound:
    found = uow.repo.get_compound(compound_id)
    if found is None:
        raise NotFound(f"no compound with id {compound_id!r}", field)
    return found


def building(uow: UnitOfWork, building_id: str, field: str = "buildingId") -> Building:
    found = uow.repo.get_building(building_id)
    if found is None:
        raise NotFound(f"no building with id {building_id!r}", field)
    return found


def household(
    uow: UnitOfWork, household_id: str | None, field: str = "householdId"
) -> Household | None:
    if household_id is None:
        return None
    found = uow.repo.get_household(household_id)
    if found is None:
        raise NotFound(f"no household with id {household_id!r}", field)
    return found


def resident(uow: UnitOfWork, resident_id: str, field: str = "residentId") -> Resident:
    found = uow.repo.get_resident(resident_id)
    if found is None:
        raise NotFound(f"no resident with id {resident_id!r}", field)
    return found


def tag_index(uow: UnitOfWork, kind: TagKind) -> TagIndex:
    return TagIndex(kind, uow.repo.tags_of(kind))


def recalled(uow: UnitOfWork, operation: str, key: str | None) -> str | None:
    """The id an earlier request with this idempotency key created, if any."""
    return None if key is None else uow.repo.recall(operation, check_key(key))


def remember(uow: UnitOfWork, operation: str, key: str | None, result_id: str) -> None:
    if key is not None:
        uow.repo.remember(operation, key, result_id)


def gone(what: str) -> NoReturn:
    """A retried create whose first result has since been removed (e.g. erased)."""
    raise NotFound(
        f"the {what} created with this idempotencyKey no longer exists", "idempotencyKey"
    )
