"""Use cases on a resident's skills, interests, roles, consent, sensitive data and erasure."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from residents.domain.model import (
    Consent,
    RecommendationMode,
    Resident,
    Role,
    SensitiveAttributes,
)
from residents.domain.taxonomy import TagKind
from residents.service_layer import common, events
from residents.service_layer.registration import SkillChoice, resolve_skills
from residents.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ConsentChange:
    """None leaves a setting as it is."""

    may_be_recommended: bool | None = None
    contact_visible_to_operators: bool | None = None
    recommendations: RecommendationMode | None = None


@dataclass(frozen=True)
class SensitiveChange:
    """None leaves an attribute as it is."""

    party_member: bool | None = None
    elderly_living_alone: bool | None = None
    needs_care: bool | None = None


def set_skills(uow: UnitOfWork, resident_id: str, skills: Sequence[SkillChoice]) -> Resident:
    resident = common.resident(uow, resident_id)
    if resident.set_skills(resolve_skills(uow, skills)):
        uow.repo.save_resident(resident)
        uow.events.append(events.skills_changed(resident))
    return resident


def verify_skill(uow: UnitOfWork, resident_id: str, tag: str, verified: bool = True) -> Resident:
    """Staff confirm (or withdraw) that a resident has a skill at the stated level."""
    resident = common.resident(uow, resident_id)
    canonical = common.tag_index(uow, TagKind.SKILL).resolve(tag, "tag")
    if resident.verify_skill(canonical, verified):
        uow.repo.save_resident(resident)
        uow.events.append(events.skills_changed(resident))
    return resident


def set_interests(uow: UnitOfWork, resident_id: str, interests: Sequence[str]) -> Resident:
    resident = common.resident(uow, resident_id)
    tags = common.tag_index(uow, TagKind.INTEREST).resolve_all(interests, "interests")
    if resident.set_interests(tags):
        uow.repo.save_resident(resident)
        uow.events.append(events.interests_changed(resident))
    return resident


def set_roles(uow: UnitOfWork, resident_id: str, roles: Sequence[Role]) -> Resident:
    resident = common.resident(uow, resident_id)
    if resident.set_roles(roles):
        uow.repo.save_resident(resident)
        uow.events.append(events.roles_changed(resident))
    return resident


def set_consent(uow: UnitOfWork, resident_id: str, change: ConsentChange) -> Resident:
    resident = common.resident(uow, resident_id)
    given = {k: v for k, v in vars(change).items() if v is not None}
    consent: Consent = replace(resident.consent, **given)
    if consent != resident.consent:
        resident.consent = consent
        uow.repo.save_resident(resident)
        uow.events.append(events.consent_changed(resident))
    return resident


def set_sensitive_attributes(
    uow: UnitOfWork, resident_id: str, change: SensitiveChange
) -> Resident:
    """Only whether an elderly resident lives alone is published (for aggregates); the other
    flags never leave."""
    resident = common.resident(uow, resident_id)
    before = resident.sensitive
    given = {k: v for k, v in vars(change).items() if v is not None}
    after: SensitiveAttributes = replace(before, **given)
    if after == before:
        return resident
    resident.sensitive = after
    uow.repo.save_resident(resident)
    if after.elderly_living_alone != before.elderly_living_alone:
        uow.events.append(events.care_flags_changed(resident))
    return resident


def remove_resident(uow: UnitOfWork, resident_id: str) -> str:
    """Right to erasure: the row, skills, interests, roles and declarations are deleted."""
    resident = common.resident(uow, resident_id)
    uow.repo.remove_resident(resident.id, resident.community_id)
    uow.events.append(events.resident_removed(resident))
    return resident.id
