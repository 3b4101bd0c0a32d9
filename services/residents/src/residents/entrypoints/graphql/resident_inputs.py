"""Inputs of the resident mutations; personal data is accepted here but never shown back."""

from datetime import date

import strawberry

from residents.entrypoints.graphql.common import IDEMPOTENCY_KEY
from residents.entrypoints.graphql.residents import (
    Availability,
    Gender,
    RecommendationMode,
    Role,
)

PERSONAL = "个人信息 Personal data: stored, never shown to neighbours."
TAGS = "A tag, its Chinese or English name, or a synonym (e.g. 护士, Nurse, nursing)."


@strawberry.input(description="技能 A skill by tag, name or synonym, with a level 1–5.")
class SkillInput:
    tag: str = strawberry.field(description=TAGS)
    level: int = strawberry.field(description="1 (some) to 5 (professional).")


@strawberry.input
class RegisterResidentInput:
    community_id: strawberry.ID
    building_id: strawberry.ID
    display_name: str
    floor: int | None = None
    household_id: strawberry.ID | None = strawberry.field(
        default=None, description="户 A household of the building (sets the floor)."
    )
    phone: str | None = strawberry.field(default=None, description=PERSONAL)
    birth_year: int | None = strawberry.field(default=None, description=PERSONAL)
    gender: Gender | None = None
    moved_in_on: date | None = None
    languages: list[str] = strawberry.field(
        default_factory=list, description="语言 / 方言: at most 8, each 1–10 characters."
    )
    availability: list[Availability] = strawberry.field(default_factory=list)
    skills: list[SkillInput] = strawberry.field(default_factory=list)
    interests: list[str] = strawberry.field(default_factory=list, description=TAGS)
    roles: list[Role] = strawberry.field(default_factory=list)
    may_be_recommended: bool = True
    contact_visible_to_operators: bool = False
    recommendations: RecommendationMode = RecommendationMode.PERSONALISED
    party_member: bool = strawberry.field(default=False, description=PERSONAL)
    elderly_living_alone: bool = strawberry.field(default=False, description=PERSONAL)
    needs_care: bool = strawberry.field(default=False, description=PERSONAL)
    external_ref: str | None = strawberry.field(
        default=None,
        description="The operator's roster id, unique per community (re-imports update by it).",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Fields left out stay as they are; null clears an optional one.")
class UpdateResidentProfileInput:
    resident_id: strawberry.ID
    display_name: str | None = strawberry.UNSET
    gender: Gender | None = strawberry.UNSET
    birth_year: int | None = strawberry.field(default=strawberry.UNSET, description=PERSONAL)
    phone: str | None = strawberry.field(default=strawberry.UNSET, description=PERSONAL)
    moved_in_on: date | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET
    availability: list[Availability] | None = strawberry.UNSET
    external_ref: str | None = strawberry.UNSET


@strawberry.input(description="搬家 Move within the same community.")
class MoveResidentInput:
    resident_id: strawberry.ID
    building_id: strawberry.ID
    household_id: strawberry.ID | None = None
    floor: int | None = None


@strawberry.input
class SetResidentSkillsInput:
    resident_id: strawberry.ID
    skills: list[SkillInput]


@strawberry.input
class SetResidentInterestsInput:
    resident_id: strawberry.ID
    interests: list[str] = strawberry.field(description=TAGS)


@strawberry.input
class SetResidentRolesInput:
    resident_id: strawberry.ID
    roles: list[Role]


@strawberry.input(description="核实技能 Staff verify (or withdraw verification of) a skill.")
class VerifySkillInput:
    resident_id: strawberry.ID
    tag: str = strawberry.field(description=TAGS)
    verified: bool = True


@strawberry.input(description="Settings left out (or null) stay as they are.")
class SetResidentConsentInput:
    resident_id: strawberry.ID
    may_be_recommended: bool | None = None
    contact_visible_to_operators: bool | None = None
    recommendations: RecommendationMode | None = None


@strawberry.input(description="敏感信息 Left out (or null) stays as it is. Never shown.")
class SetResidentSensitiveAttributesInput:
    resident_id: strawberry.ID
    party_member: bool | None = None
    elderly_living_alone: bool | None = None
    needs_care: bool | None = None


@strawberry.input(description="注销 Right to erasure: delete the resident's personal data.")
class RemoveResidentInput:
    resident_id: strawberry.ID
