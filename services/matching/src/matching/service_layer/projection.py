"""The projection: which graph write each event type makes (the consumer's handler map)."""

from collections.abc import Callable, Sequence

from matching.adapters.graph import GraphWriter
from shulin_events import Envelope
from shulin_events.schemas import (
    PAYLOADS,
    ActivityCreated,
    BuildingAdded,
    CommunityRegistered,
    Payload,
    ResidentCheckedIn,
    ResidentRegistered,
    ResidentRemoved,
)

Handler = Callable[[GraphWriter, Envelope], None]


def _community_registered(w: GraphWriter, e: Envelope) -> None:
    p = e.payload
    assert isinstance(p, CommunityRegistered)
    w.merge_community(community_id=p.community_id, name=p.name, district=p.district)


def _building_added(w: GraphWriter, e: Envelope) -> None:
    p = e.payload
    assert isinstance(p, BuildingAdded)
    w.merge_building(
        community_id=p.community_id, building_id=p.building_id, name=p.name, floors=p.floors
    )


def _resident_registered(w: GraphWriter, e: Envelope) -> None:
    p = e.payload
    assert isinstance(p, ResidentRegistered)
    w.merge_resident(
        resident_id=p.resident_id,
        community_id=p.community_id,
        building_id=p.building_id,
        display_name=p.display_name,
        floor=p.floor,
        may_be_recommended=p.may_be_recommended,
        occurred_at=e.occurred_at.isoformat(),
    )


def _resident_removed(w: GraphWriter, e: Envelope) -> None:
    p = e.payload
    assert isinstance(p, ResidentRemoved)
    w.remove_resident(resident_id=p.resident_id, occurred_at=e.occurred_at.isoformat())


def _activity_created(w: GraphWriter, e: Envelope) -> None:
    p = e.payload
    assert isinstance(p, ActivityCreated)
    w.merge_activity(
        activity_id=p.activity_id,
        community_id=p.community_id,
        title=p.title,
        kind=p.kind,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        capacity=p.capacity,
    )


def _resident_checked_in(w: GraphWriter, e: Envelope) -> None:
    p = e.payload
    assert isinstance(p, ResidentCheckedIn)
    w.merge_attended(
        resident_id=p.resident_id,
        activity_id=p.activity_id,
        community_id=p.community_id,
        checked_in_at=p.checked_in_at,
    )


HANDLERS: dict[type[Payload], Handler] = {
    CommunityRegistered: _community_registered,
    BuildingAdded: _building_added,
    ResidentRegistered: _resident_registered,
    ResidentRemoved: _resident_removed,
    ActivityCreated: _activity_created,
    ResidentCheckedIn: _resident_checked_in,
}


# Events the graph does not (yet) need; they are acknowledged and remembered, nothing more.
NOT_PROJECTED: frozenset[type[Payload]] = frozenset(PAYLOADS.values()) - HANDLERS.keys()


def project(writer: GraphWriter, events: Sequence[Envelope]) -> int:
    """Apply events not seen before, in order, and remember them; return how many were new."""
    seen = writer.seen_events([str(e.event_id) for e in events])
    fresh = [e for e in events if str(e.event_id) not in seen]
    for event in fresh:
        handler = HANDLERS.get(type(event.payload))
        if handler is not None:
            handler(writer, event)
    writer.remember_events(
        {"id": str(e.event_id), "type": e.type, "occurred_at": e.occurred_at.isoformat()}
        for e in fresh
    )
    return len(fresh)
