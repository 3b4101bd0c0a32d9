# mypy: disable-error-code="untyped-decorator"
"""Taxonomies (技能 / 兴趣): tags with names and synonyms that free text maps to."""

from enum import Enum

import strawberry

from residents.domain import taxonomy as model
from residents.entrypoints.graphql.common import GqlInfo
from residents.service_layer import taxonomy
from shulin_kit.identity import forbidden
from shulin_kit.subgraph import identity_of


@strawberry.enum(description="标签类别 Which taxonomy a tag belongs to.")
class TagKind(Enum):
    SKILL = strawberry.enum_value("skill", description="技能 Skill")
    INTEREST = strawberry.enum_value("interest", description="兴趣 Interest")


@strawberry.type(description="技能 / 兴趣标签 A skill or interest of the taxonomy.")
class Tag:
    kind: TagKind
    tag: str = strawberry.field(description="Canonical ascii slug, e.g. nurse.")
    name_zh: str
    name_en: str
    category: str
    synonyms: list[str]
    description: str

    @classmethod
    def from_domain(cls, t: model.Tag) -> "Tag":
        return cls(
            kind=TagKind[t.kind.name],
            tag=t.tag,
            name_zh=t.name_zh,
            name_en=t.name_en,
            category=t.category,
            synonyms=list(t.synonyms),
            description=t.description,
        )


def load_tags(info: GqlInfo, kind: model.TagKind, slugs: tuple[str, ...]) -> list[Tag]:
    if not slugs:
        return []
    with info.context.container.uow() as uow:
        known = {t.tag: t for t in uow.repo.tags_of(kind)}
    return [Tag.from_domain(known[s]) for s in slugs if s in known]


@strawberry.input
class DefineTagInput:
    kind: TagKind
    tag: str = strawberry.field(description="ascii slug: a-z, 0-9 and _, 2–40 characters.")
    name_zh: str
    name_en: str
    category: str
    synonyms: list[str] = strawberry.field(default_factory=list)
    description: str = strawberry.field(
        default="", description="One sentence; matching compares descriptions."
    )


@strawberry.type
class TaxonomyQuery:
    @strawberry.field(
        description="标签 Tags, optionally of one kind and matching a search over slug, names and synonyms."
    )
    def tags(
        self, info: GqlInfo, kind: TagKind | None = None, search: str | None = None
    ) -> list[Tag]:
        with info.context.container.uow() as uow:
            found = taxonomy.search_tags(uow, model.TagKind[kind.name] if kind else None, search)
        return [Tag.from_domain(t) for t in found]


@strawberry.type
class TaxonomyMutation:
    @strawberry.mutation(description="定义标签 Create or edit a skill or interest tag (admin).")
    def define_tag(self, info: GqlInfo, input: DefineTagInput) -> Tag:
        if not identity_of(info).has("operator", "admin"):
            raise forbidden("defineTag is for operators and admins")
        cmd = taxonomy.DefineTag(
            kind=model.TagKind[input.kind.name],
            tag=input.tag,
            name_zh=input.name_zh,
            name_en=input.name_en,
            category=input.category,
            synonyms=tuple(input.synonyms),
            description=input.description,
        )
        with info.context.container.uow(write=True) as uow:
            tag = taxonomy.define_tag(uow, cmd)
            uow.commit()
        return Tag.from_domain(tag)
