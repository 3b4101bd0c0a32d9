"""The events the residents service publishes, built from domain objects in one place.

Never here: phone, household address (unit / door) or party membership.
"""

from residents.domain.acquaintance import Acquaintance
from residents.domain.model import Resident
from residents.domain.places import Building, Community, Compound
from residents.domain.taxonomy import Tag
from shulin_events import Envelope, new_envelope
from shulin_events.schemas import (
    GLOBAL_COMMUNITY,
    AcquaintanceConfirmed,
    AcquaintanceDeclared,
    BuildingAdded,
    CommunityRegistered,
    CompoundAdded,
    ResidentCareFlagsChanged,
    ResidentConsentChanged,
    ResidentInterestsChanged,
    ResidentMoved,
    ResidentProfileUpdated,
    ResidentRegistered,
    ResidentRemoved,
    ResidentRolesChanged,
    ResidentSkillsChanged,
    SkillLevel,
    TaxonomyTagDefined,
)


def community_registered(c: Community) -> Envelope:
    return new_envelope(
        CommunityRegistered(community_id=c.id, name=c.name, district=c.district), c.id
    )


def compound_added(c: Compound) -> Envelope:
    return new_envelope(
        CompoundAdded(compound_id=c.id, community_id=c.community_id, name=c.name), c.community_id
    )


def building_added(b: Building) -> Envelope:
    payload = BuildingAdded(
        building_id=b.id,
        community_id=b.community_id,
        name=b.name,
        floors=b.floors,
        compound_id=b.compound_id,
        units=b.units,
    )
    return new_envelope(payload, b.community_id)


def resident_registered(r: Resident) -> Envelope:
    p = r.profile
    payload = ResidentRegistered(
        resident_id=r.id,
        community_id=r.community_id,
        building_id=r.building_id,
        floor=r.floor,
        household_id=r.household_id,
        moved_in_on=p.moved_in_on,
        languages=p.languages,
        availability=tuple(a.value for a in p.availability),
        may_be_recommended=r.consent.may_be_recommended,
    )
    return new_envelope(payload, r.community_id, occurred_at=r.registered_at)


def profile_updated(r: Resident) -> Envelope:
    p = r.profile
    payload = ResidentProfileUpdated(
        resident_id=r.id,
        community_id=r.community_id,
        languages=p.languages,
        availability=tuple(a.value for a in p.availability),
    )
    return new_envelope(payload, r.community_id)


def resident_moved(r: Resident) -> Envelope:
    payload = ResidentMoved(
        resident_id=r.id,
        community_id=r.community_id,
        building_id=r.building_id,
        floor=r.floor,
        household_id=r.household_id,
    )
    return new_envelope(payload, r.community_id)


def skills_changed(r: Resident) -> Envelope:
    skills = tuple(SkillLevel(tag=s.tag, level=s.level, verified=s.verified) for s in r.skills)
    payload = ResidentSkillsChanged(resident_id=r.id, community_id=r.community_id, skills=skills)
    return new_envelope(payload, r.community_id)


def interests_changed(r: Resident) -> Envelope:
    payload = ResidentInterestsChanged(
        resident_id=r.id, community_id=r.community_id, interests=r.interests
    )
    return new_envelope(payload, r.community_id)


def roles_changed(r: Resident) -> Envelope:
    roles = tuple(role.value for role in r.roles)
    payload = ResidentRolesChanged(resident_id=r.id, community_id=r.community_id, roles=roles)
    return new_envelope(payload, r.community_id)


def consent_changed(r: Resident) -> Envelope:
    c = r.consent
    payload = ResidentConsentChanged(
        resident_id=r.id,
        community_id=r.community_id,
        may_be_recommended=c.may_be_recommended,
        contact_visible_to_operators=c.contact_visible_to_operators,
        recommendations=c.recommendations.value,
    )
    return new_envelope(payload, r.community_id)


def care_flags_changed(r: Resident) -> Envelope:
    payload = ResidentCareFlagsChanged(
        resident_id=r.id,
        community_id=r.community_id,
        elderly_living_alone=r.sensitive.elderly_living_alone,
    )
    return new_envelope(payload, r.community_id)


def resident_removed(r: Resident) -> Envelope:
    return new_envelope(
        ResidentRemoved(resident_id=r.id, community_id=r.community_id), r.community_id
    )


def acquaintance_declared(a: Acquaintance) -> Envelope:
    payload = AcquaintanceDeclared(
        community_id=a.community_id,
        from_resident_id=a.from_resident_id,
        to_resident_id=a.to_resident_id,
        context=a.context,
    )
    return new_envelope(payload, a.community_id, occurred_at=a.declared_at)


def acquaintance_confirmed(a: Acquaintance) -> Envelope:
    payload = AcquaintanceConfirmed(
        community_id=a.community_id,
        from_resident_id=a.from_resident_id,
        to_resident_id=a.to_resident_id,
    )
    return new_envelope(payload, a.community_id, occurred_at=a.confirmed_at)


def tag_defined(t: Tag) -> Envelope:
    payload = TaxonomyTagDefined(
        kind=t.kind.value,
        tag=t.tag,
        name_zh=t.name_zh,
        name_en=t.name_en,
        category=t.category,
        synonyms=t.synonyms,
        description=t.description,
    )
    return new_envelope(payload, GLOBAL_COMMUNITY)
