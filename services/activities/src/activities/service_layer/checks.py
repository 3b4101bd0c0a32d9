"""Checks the use cases share: facts from the residents read model, tags, idempotency keys."""

from datetime import UTC, datetime

from activities.domain.neighbourhood import KnownBuilding, KnownResident
from activities.domain.validation import clean_id
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_kit.errors import InvalidInput, NotFound
from shulin_kit.idempotency import check_key

MAX_TAGS = 10
RETRY_HINT = "if just registered, retry in a moment"


def now_utc() -> datetime:
    return datetime.now(UTC)


def known_community(uow: UnitOfWork, community_id: str, field: str = "communityId") -> str:
    community = clean_id(community_id, field)
    if not uow.repo.community_known(community):
        raise NotFound(f"unknown community {community!r} ({RETRY_HINT})", field)
    return community


def known_resident(uow: UnitOfWork, resident_id: str, field: str) -> KnownResident:
    ident = clean_id(resident_id, field)
    resident = uow.repo.get_resident(ident)
    if resident is None or resident.removed:
        raise NotFound(f"unknown resident {ident!r} ({RETRY_HINT})", field)
    return resident


def resident_in(uow: UnitOfWork, resident_id: str, community_id: str, field: str) -> KnownResident:
    resident = known_resident(uow, resident_id, field)
    if resident.community_id != community_id:
        raise InvalidInput(
            f"resident {resident.id!r} belongs to another community than {community_id!r}", field
        )
    return resident


def building_in(uow: UnitOfWork, building_id: str, community_id: str, field: str) -> KnownBuilding:
    ident = clean_id(building_id, field)
    building = uow.repo.get_building(ident)
    if building is None:
        raise NotFound(f"unknown building {ident!r} ({RETRY_HINT})", field)
    if building.community_id != community_id:
        raise InvalidInput(f"building {ident!r} belongs to another community", field)
    return building


def compound_in(uow: UnitOfWork, compound_id: str, community_id: str, field: str) -> str:
    ident = clean_id(compound_id, field)
    community = uow.repo.compound_community(ident)
    if community is None:
        raise NotFound(f"unknown compound {ident!r} ({RETRY_HINT})", field)
    if community != community_id:
        raise InvalidInput(f"compound {ident!r} belongs to another community", field)
    return ident


def canonical_tags(
    uow: UnitOfWork, tags: list[str], field: str, kind: str | None = None
) -> tuple[str, ...]:
    """Each tag or synonym as its canonical taxonomy tag, in order, without repeats."""
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"{field} has more than {MAX_TAGS} tags", field)
    found: list[str] = []
    for i, name in enumerate(tags):
        tag = uow.repo.find_tag(name, kind)
        if tag is None:
            raise InvalidInput(
                f"{field}[{i}]: {name!r} is not a tag of the skills and interests taxonomy",
                f"{field}[{i}]",
            )
        if kind is not None and tag.kind != kind:
            raise InvalidInput(f"{field}[{i}]: {name!r} is not a {kind}", f"{field}[{i}]")
        found.append(tag.tag)
    return tuple(dict.fromkeys(found))


def tag_filter(uow: UnitOfWork, tag: str | None) -> str | None:
    """A list filter's tag as its canonical form; an unknown tag simply matches nothing."""
    if tag is None:
        return None
    known = uow.repo.find_tag(tag)
    return known.tag if known else tag


def recalled(uow: UnitOfWork, operation: str, key: str | None) -> str | None:
    """The id an earlier request with this idempotency key created, if any."""
    return uow.repo.recall(operation, check_key(key)) if key is not None else None


def remember(uow: UnitOfWork, operation: str, key: str | None, result_id: str) -> None:
    if key is not None:
        uow.repo.remember(operation, key, result_id)
