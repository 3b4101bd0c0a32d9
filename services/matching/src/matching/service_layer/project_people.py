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


@handles(ev.ResidentRegistered)
def _registered(w: GraphPlanner, p: ev.ResidentRegistered, e: Envelope, t: TieRules) -> None:
    fields = p.model_dump(exclude={"moved_in_on"})
    w.merge_resident(**fields, occurred_at=occurred(e))


@handles(ev.ResidentProfileUpdated)
def _profile(w: GraphPlanner, p: ev.ResidentProfileUpdated, e: Envelope, t: TieRules) -> None:
    w.update_profile(**p.model_dump(exclude={"community_id"}))


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


@handles(ev.ResidentCareFlagsChanged)
def _care(w: GraphPlanner, p: ev.ResidentCareFlagsChanged, e: Envelope, t: TieRules) -> None:
    w.set_care_flags(**p.model_dump(exclude={"community_id"}))


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
