"""Handlers for the residents service's events: places, people, taxonomy, acquaintances."""

from matching.adapters.graph import GraphPlanner
from matching.domain.ties import TieRules
from matching.service_layer.handlers import HandlerMap, occurred, registrar
from shulin_events import Envelope
from shulin_events import schemas as ev

HANDLERS: HandlerMap = {}
handles = registrar(HANDLERS)


@handles(ev.CommunityRegistered)
def _community(w: GraphPlanner, p: ev.CommunityRegistered, e: Envelope, t: TieRules) -> None:
    w.merge_community(community_id=p.community_id, name=p.name, district=p.district)


@handles(ev.CompoundAdded)
def _compound(w: GraphPlanner, p: ev.CompoundAdded, e: Envelope, t: TieRules) -> None:
    w.merge_compound(compound_id=p.compound_id, community_id=p.community_id, name=p.name)


@handles(ev.BuildingAdded)
def _building(w: GraphPlanner, p: ev.BuildingAdded, e: Envelope, t: TieRules) -> None:
    w.merge_building(**p.model_dump())


# What the graph keeps of a registration and a profile: what matching uses, taken by name, so an
# older version's personal fields (name, birth year, gender) are never written.
_REGISTERED = set(ev.ResidentRegistered.model_fields) - {"moved_in_on"}
_PROFILE = set(ev.ResidentProfileUpdated.model_fields) - {"community_id"}

# Each version of an event still read, handled alike.
Registered = ev.ResidentRegistered | ev.ResidentRegisteredV1
ProfileUpdated = ev.ResidentProfileUpdated | ev.ResidentProfileUpdatedV1
CareFlagsChanged = ev.ResidentCareFlagsChanged | ev.ResidentCareFlagsChangedV1


@handles(ev.ResidentRegistered, ev.ResidentRegisteredV1)
def _registered(w: GraphPlanner, p: Registered, e: Envelope, t: TieRules) -> None:
    w.merge_resident(**p.model_dump(include=_REGISTERED), occurred_at=occurred(e))


@handles(ev.ResidentProfileUpdated, ev.ResidentProfileUpdatedV1)
def _profile(w: GraphPlanner, p: ProfileUpdated, e: Envelope, t: TieRules) -> None:
    w.update_profile(**p.model_dump(include=_PROFILE))


@handles(ev.ResidentMoved)
def _moved(w: GraphPlanner, p: ev.ResidentMoved, e: Envelope, t: TieRules) -> None:
    w.move_resident(**p.model_dump(exclude={"community_id"}))


@handles(ev.ResidentSkillsChanged)
def _skills(w: GraphPlanner, p: ev.ResidentSkillsChanged, e: Envelope, t: TieRules) -> None:
    w.set_skills(resident_id=p.resident_id, skills=[s.model_dump() for s in p.skills])


@handles(ev.ResidentInterestsChanged)
def _interests(w: GraphPlanner, p: ev.ResidentInterestsChanged, e: Envelope, t: TieRules) -> None:
    w.set_interests(resident_id=p.resident_id, interests=list(p.interests))


@handles(ev.ResidentRolesChanged)
def _roles(w: GraphPlanner, p: ev.ResidentRolesChanged, e: Envelope, t: TieRules) -> None:
    w.set_roles(resident_id=p.resident_id, roles=list(p.roles))


@handles(ev.ResidentConsentChanged)
def _consent(w: GraphPlanner, p: ev.ResidentConsentChanged, e: Envelope, t: TieRules) -> None:
    w.set_consent(
        resident_id=p.resident_id,
        may_be_recommended=p.may_be_recommended,
        recommendations=p.recommendations,
    )


@handles(ev.ResidentCareFlagsChanged, ev.ResidentCareFlagsChangedV1)
def _care(w: GraphPlanner, p: CareFlagsChanged, e: Envelope, t: TieRules) -> None:
    w.set_care_flags(resident_id=p.resident_id, elderly_living_alone=p.elderly_living_alone)


@handles(ev.ResidentRemoved)
def _removed(w: GraphPlanner, p: ev.ResidentRemoved, e: Envelope, t: TieRules) -> None:
    w.remove_resident(resident_id=p.resident_id, occurred_at=occurred(e))


@handles(ev.AcquaintanceDeclared)
def _declared(w: GraphPlanner, p: ev.AcquaintanceDeclared, e: Envelope, t: TieRules) -> None:
    w.add_tie_evidence(
        p.from_resident_id, p.to_resident_id, t.threshold,
        source="declared", ref=p.from_resident_id, weight=t.declared, occurred_at=occurred(e),
        community_id=e.community_id,
    )  # fmt: skip


@handles(ev.AcquaintanceConfirmed)
def _confirmed(w: GraphPlanner, p: ev.AcquaintanceConfirmed, e: Envelope, t: TieRules) -> None:
    w.add_tie_evidence(
        p.from_resident_id, p.to_resident_id, t.threshold,
        source="confirmed", ref="confirmed", weight=t.confirmed, occurred_at=occurred(e),
        community_id=e.community_id,
    )  # fmt: skip


@handles(ev.TaxonomyTagDefined)
def _tag(w: GraphPlanner, p: ev.TaxonomyTagDefined, e: Envelope, t: TieRules) -> None:
    fields = p.model_dump(exclude={"kind"})
    w.define_tag(p.kind, **fields | {"synonyms": list(p.synonyms)})
