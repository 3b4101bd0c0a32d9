# mypy: disable-error-code="untyped-decorator"
"""The public Resident (居民) type: only what neighbours may see, no personal data."""

from enum import Enum

import strawberry

from residents.domain import model
from residents.domain.audit import ContactRead, check_reason
from residents.domain.taxonomy import TagKind as DomainTagKind
from residents.entrypoints.graphql.access import is_self, may_see
from residents.entrypoints.graphql.common import GqlInfo
from residents.entrypoints.graphql.places import (
    Building,
    Community,
    Compound,
    load_building,
    load_community,
    load_compound,
)
from residents.entrypoints.graphql.taxonomy import Tag, load_tags
from shulin_kit.identity import forbidden
from shulin_kit.subgraph import identity_of

NOT_CONSENTED = (
    "居民未同意向运营官公开联系方式 The resident has not consented to operators seeing their "
    "contact details"
)


@strawberry.enum(description="性别 Gender.")
class Gender(Enum):
    FEMALE = strawberry.enum_value("female", description="女")
    MALE = strawberry.enum_value("male", description="男")
    OTHER = strawberry.enum_value("other", description="其他")


@strawberry.enum(description="有空时间 When a resident is usually available.")
class Availability(Enum):
    WEEKDAY_DAYTIME = strawberry.enum_value("weekday_daytime", description="工作日白天")
    WEEKDAY_EVENING = strawberry.enum_value("weekday_evening", description="工作日晚上")
    WEEKEND = strawberry.enum_value("weekend", description="周末")
    FLEXIBLE = strawberry.enum_value("flexible", description="时间灵活")


@strawberry.enum(description="社区角色 A volunteer role in the community.")
class Role(Enum):
    BUILDING_HEAD = strawberry.enum_value("building_head", description="楼长 Building head")
    LANE_HEAD = strawberry.enum_value("lane_head", description="巷长 Lane head")
    STREET_HEAD = strawberry.enum_value("street_head", description="街长 Street head")
    COMMUNITY_OPERATOR = strawberry.enum_value(
        "community_operator", description="社区运营官 Community operator"
    )
    DISPUTE_OBSERVER = strawberry.enum_value(
        "dispute_observer", description="矛盾观察员 Dispute observer"
    )
    VOLUNTEER = strawberry.enum_value("volunteer", description="志愿者 Volunteer")


@strawberry.enum(description="推荐方式 What recommendations a resident is shown.")
class RecommendationMode(Enum):
    PERSONALISED = strawberry.enum_value("personalised", description="个性化推荐")
    NON_PERSONALISED = strawberry.enum_value(
        "non_personalised", description="非个性化推荐 (PIPL art. 24)"
    )
    OFF = strawberry.enum_value("off", description="不推荐")


@strawberry.type(description="技能 A skill of a resident, with its level and staff verification.")
class SkillLevel:
    level: int = strawberry.field(description="1 (some) to 5 (professional).")
    verified: bool = strawberry.field(description="已核实 Verified by community staff.")
    tag_slug: strawberry.Private[str]

    @strawberry.field
    def tag(self, info: GqlInfo) -> Tag | None:
        found = load_tags(info, DomainTagKind.SKILL, (self.tag_slug,))
        return found[0] if found else None


@strawberry.federation.type(keys=["id"], description="居民 A resident, as others may see them.")
class Resident:
    id: strawberry.ID
    display_name: str
    floor: int | None
    languages: list[str] = strawberry.field(description="语言 / 方言, e.g. 普通话, 粤语.")
    availability: list[Availability]
    roles: list[Role]
    moved_in: str | None = strawberry.field(
        description="入住年月 Year and month moved in (YYYY-MM)."
    )
    skills: list[SkillLevel]
    community_id: strawberry.Private[str]
    building_id: strawberry.Private[str]
    interest_slugs: strawberry.Private[tuple[str, ...]]
    domain: strawberry.Private[model.Resident]

    @classmethod
    def from_domain(cls, r: model.Resident) -> "Resident":
        moved = r.profile.moved_in_on
        return cls(
            id=strawberry.ID(r.id),
            display_name=r.display_name,
            floor=r.floor,
            languages=list(r.profile.languages),
            availability=[Availability[a.name] for a in r.profile.availability],
            roles=[Role[role.name] for role in r.roles],
            moved_in=moved.strftime("%Y-%m") if moved else None,
            skills=[
                SkillLevel(level=s.level, verified=s.verified, tag_slug=s.tag) for s in r.skills
            ],
            community_id=r.community_id,
            building_id=r.building_id,
            interest_slugs=r.interests,
            domain=r,
        )

    @classmethod
    def resolve_reference(cls, info: GqlInfo, id: strawberry.ID) -> "Resident | None":
        return load_resident(info, id)

    @strawberry.field
    def building(self, info: GqlInfo) -> Building | None:
        return load_building(info, self.building_id)

    @strawberry.field(description="小区 The compound of the resident's building, if any.")
    def compound(self, info: GqlInfo) -> Compound | None:
        building = load_building(info, self.building_id)
        return load_compound(info, building.compound_id) if building else None

    @strawberry.field
    def community(self, info: GqlInfo) -> Community | None:
        return load_community(info, self.community_id)

    @strawberry.field(description="兴趣 Interests.")
    def interests(self, info: GqlInfo) -> list[Tag]:
        return load_tags(info, DomainTagKind.INTEREST, self.interest_slugs)

    @strawberry.field(
        description="个人信息 Personal data: the resident sees all of it; operators and admins of "
        "the community only the phone, only if the resident consented, and only with a `reason` "
        "(every such read is audited). Anyone else: FORBIDDEN."
    )
    def private_profile(self, info: GqlInfo, reason: str | None = None) -> "PrivateProfile":
        identity = identity_of(info)
        r = self.domain
        if is_self(identity, r):
            return PrivateProfile.of_self(r)
        if not identity.is_staff_of(r.community_id):
            raise forbidden("personal data is for the resident, or staff when they consented")
        if not r.consent.contact_visible_to_operators:
            raise forbidden(NOT_CONSENTED)
        read = ContactRead(
            community_id=r.community_id,
            resident_id=r.id,
            reader=identity.sub,
            reader_roles=",".join(sorted(identity.roles)),
            reason=check_reason(reason),
        )
        with info.context.container.uow(write=True) as uow:
            uow.repo.record_contact_read(read)
            uow.commit()
        return PrivateProfile(
            phone=r.profile.phone,
            birth_year=None,
            gender=None,
            consent=ConsentSettings.from_domain(r),
        )


def load_resident(info: GqlInfo, resident_id: str) -> Resident | None:
    """A resident's public card; None for another community's (or, for planners, anyone)."""
    with info.context.container.uow() as uow:
        found = uow.repo.get_resident(resident_id)
    return Resident.from_domain(found) if found and may_see(identity_of(info), found) else None


@strawberry.type(description="同意设置 A resident's own consent settings.")
class ConsentSettings:
    resident_id: strawberry.ID
    may_be_recommended: bool = strawberry.field(
        description="可被推荐 May appear in others' recommendations."
    )
    contact_visible_to_operators: bool = strawberry.field(
        description="运营官可见联系方式 Operators of the community may see the phone number."
    )
    recommendations: RecommendationMode

    @classmethod
    def from_domain(cls, r: model.Resident) -> "ConsentSettings":
        c = r.consent
        return cls(
            resident_id=strawberry.ID(r.id),
            may_be_recommended=c.may_be_recommended,
            contact_visible_to_operators=c.contact_visible_to_operators,
            recommendations=RecommendationMode[c.recommendations.name],
        )


@strawberry.type(
    description="个人信息 A resident's personal data (PIPL): fields the reader may not see are null."
)
class PrivateProfile:
    phone: str | None
    birth_year: int | None
    gender: Gender | None
    consent: ConsentSettings

    @classmethod
    def of_self(cls, r: model.Resident) -> "PrivateProfile":
        return cls(
            phone=r.profile.phone,
            birth_year=r.profile.birth_year,
            gender=Gender[r.profile.gender.name] if r.profile.gender else None,
            consent=ConsentSettings.from_domain(r),
        )
