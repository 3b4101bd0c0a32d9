"""Read use cases whose arguments need checking or mapping (tags) before the repository."""

from residents.domain.model import Resident
from residents.domain.places import Building
from residents.domain.taxonomy import TagKind
from residents.service_layer import common
from residents.service_layer.unit_of_work import UnitOfWork
from shulin_kit.pagination import Page, check_page_size


def residents_page(
    uow: UnitOfWork,
    community_id: str,
    building_id: str | None = None,
    compound_id: str | None = None,
    skill: str | None = None,
    interest: str | None = None,
    first: int = 50,
    after: str | None = None,
) -> Page[Resident]:
    common.community(uow, community_id)
    check_page_size(first)
    skill_tag = common.tag_index(uow, TagKind.SKILL).resolve(skill, "skill") if skill else None
    interest_tag = (
        common.tag_index(uow, TagKind.INTEREST).resolve(interest, "interest") if interest else None
    )
    return uow.repo.residents_page(
        community_id, building_id, compound_id, skill_tag, interest_tag, first, after
    )


def buildings_page(
    uow: UnitOfWork,
    community_id: str,
    compound_id: str | None = None,
    first: int = 50,
    after: str | None = None,
) -> Page[Building]:
    common.community(uow, community_id)
    check_page_size(first)
    return uow.repo.buildings_page(community_id, compound_id, first, after)
