"""Use cases that register, edit and move a resident. They never commit."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Literal

from residents.domain.model import (
    Availability,
    Consent,
    Gender,
    Profile,
    RecommendationMode,
    Resident,
    Role,
    SensitiveAttributes,
    Skill,
    clean_external_ref,
)
from residents.domain.taxonomy import TagKind
from residents.service_layer import common, events
from residents.service_layer.unit_of_work import UnitOfWork
from shulin_kit.errors import Conflict


class Keep(Enum):
    """Marks an update field the caller left out: the stored value stays."""

    KEEP = "keep"


KEEP: Literal[Keep.KEEP] = Keep.KEEP


@dataclass(frozen=True)
class SkillChoice:
    tag: str  # a tag, a name or a synonym
    level: int


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
    household_id: str | None = None
    gender: Gender | None = None
    languages: tuple[str, ...] = ()
    availability: tuple[Availability, ...] = ()
    external_ref: str | None = None
    skills: tuple[SkillChoice, ...] = ()
    interests: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    contact_visible_to_operators: bool = False
    recommendations: RecommendationMode = RecommendationMode.PERSONALISED
    party_member: bool = False
    elderly_living_alone: bool = False
    needs_care: bool = False
    idempotency_key: str | None = None


@dataclass(frozen=True)
class UpdateProfile:
    resident_id: str
    display_name: str | Keep = KEEP
    gender: Gender | Keep | None = KEEP
    birth_year: int | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    moved_in_on: date | Keep | None = KEEP
    languages: tuple[str, ...] | Keep = KEEP
    availability: tuple[Availability, ...] | Keep = KEEP
    external_ref: str | Keep | None = KEEP


def register_resident(uow: UnitOfWork, cmd: RegisterResident) -> Resident:
    if (done := common.recalled(uow, "registerResident", cmd.idempotency_key)) is not None:
        return uow.repo.get_resident(done) or common.gone("resident")
    community = common.community(uow, cmd.community_id)
    building = common.building(uow, cmd.building_id)
    profile = Profile(
        cmd.display_name,
        cmd.gender,
        cmd.birth_year,
        cmd.phone,
        cmd.moved_in_on,
        cmd.languages,
        cmd.availability,
    )
    resident = Resident.register(
        community,
        building,
        profile,
        household=common.household(uow, cmd.household_id),
        floor=cmd.floor,
        external_ref=cmd.external_ref,
        consent=Consent(
            cmd.may_be_recommended, cmd.contact_visible_to_operators, cmd.recommendations
        ),
        sensitive=SensitiveAttributes(cmd.party_member, cmd.elderly_living_alone, cmd.needs_care),
    )
    _check_external_ref_free(uow, resident)
    resident.set_skills(resolve_skills(uow, cmd.skills))
    resident.set_interests(
        common.tag_index(uow, TagKind.INTEREST).resolve_all(cmd.interests, "interests")
    )
    resident.set_roles(cmd.roles)
    uow.repo.add_resident(resident)
    uow.events.append(events.resident_registered(resident))
    if resident.skills:
        uow.events.append(events.skills_changed(resident))
    if resident.interests:
        uow.events.append(events.interests_changed(resident))
    if resident.roles:
        uow.events.append(events.roles_changed(resident))
    if replace(resident.consent, may_be_recommended=True) != Consent():
        uow.events.append(events.consent_changed(resident))
    if resident.sensitive.elderly_living_alone:
        uow.events.append(events.care_flags_changed(resident))
    common.remember(uow, "registerResident", cmd.idempotency_key, resident.id)
    return resident


def update_profile(uow: UnitOfWork, cmd: UpdateProfile) -> Resident:
    """Change what was given; publish the shareable snapshot only if part of it changed."""
    resident = common.resident(uow, cmd.resident_id)
    before = resident.profile
    changes = {
        name: value
        for name in (
            "display_name",
            "gender",
            "birth_year",
            "phone",
            "moved_in_on",
            "languages",
            "availability",
        )
        if (value := getattr(cmd, name)) is not KEEP
    }
    resident.profile = replace(before, **changes).cleaned()
    if not isinstance(cmd.external_ref, Keep):
        ref = clean_external_ref(cmd.external_ref)
        if ref != resident.external_ref:
            resident.external_ref = ref
            _check_external_ref_free(uow, resident)
    uow.repo.save_resident(resident)
    if _shared(resident.profile) != _shared(before):
        uow.events.append(events.profile_updated(resident))
    return resident


def move_resident(
    uow: UnitOfWork,
    resident_id: str,
    building_id: str,
    household_id: str | None = None,
    floor: int | None = None,
) -> Resident:
    resident = common.resident(uow, resident_id)
    building = common.building(uow, building_id)
    if resident.move_to(building, common.household(uow, household_id), floor):
        uow.repo.save_resident(resident)
        uow.events.append(events.resident_moved(resident))
    return resident


def resolve_skills(uow: UnitOfWork, choices: Sequence[SkillChoice]) -> list[Skill]:
    index = common.tag_index(uow, TagKind.SKILL)
    return [Skill(index.resolve(c.tag, f"skills[{i}].tag"), c.level) for i, c in enumerate(choices)]


def resident_by_external_ref(
    uow: UnitOfWork, community_id: str, external_ref: str
) -> Resident | None:
    ref = clean_external_ref(external_ref)
    return uow.repo.resident_by_external_ref(community_id, ref) if ref else None


def _check_external_ref_free(uow: UnitOfWork, resident: Resident) -> None:
    if resident.external_ref is None:
        return
    holder = uow.repo.resident_by_external_ref(resident.community_id, resident.external_ref)
    if holder is not None and holder.id != resident.id:
        raise Conflict(
            f"externalRef {resident.external_ref!r} is already resident {holder.id} of this "
            "community: update that resident instead",
            "externalRef",
        )


def _shared(p: Profile) -> tuple[object, ...]:
    """What ResidentProfileUpdated carries: what others may be matched with (not the name, phone,
    birth year, gender or moved-in date)."""
    return (p.languages, p.availability)
