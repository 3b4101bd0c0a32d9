"""Use cases on the skill and interest taxonomies. They never commit."""

from collections.abc import Sequence
from dataclasses import dataclass

from residents.domain import taxonomy
from residents.domain.taxonomy import Tag, TagKind
from residents.service_layer import events
from residents.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class DefineTag:
    kind: TagKind
    tag: str
    name_zh: str
    name_en: str
    category: str
    synonyms: tuple[str, ...] = ()
    description: str = ""


def seed_if_empty(uow: UnitOfWork, seeds: Sequence[Tag]) -> int:
    """At first start: store the seed taxonomy and tell consumers about every tag."""
    if uow.repo.count_tags() > 0:
        return 0
    for tag in seeds:
        uow.repo.save_tag(tag)
        uow.events.append(events.tag_defined(tag))
    return len(seeds)


def define_tag(uow: UnitOfWork, cmd: DefineTag) -> Tag:
    """Create or edit a tag; an edit that changes nothing publishes nothing."""
    defined = taxonomy.define_tag(
        cmd.kind,
        cmd.tag,
        cmd.name_zh,
        cmd.name_en,
        cmd.category,
        cmd.synonyms,
        cmd.description,
        uow.repo.tags_of(cmd.kind),
    )
    if uow.repo.get_tag(cmd.kind, defined.tag) != defined:
        uow.repo.save_tag(defined)
        uow.events.append(events.tag_defined(defined))
    return defined


def search_tags(uow: UnitOfWork, kind: TagKind | None, search: str | None) -> list[Tag]:
    kinds = [kind] if kind is not None else list(TagKind)
    found = [t for k in kinds for t in uow.repo.tags_of(k)]
    if search is not None and search.strip():
        found = [t for t in found if t.matches(search)]
    return found
