"""The projection: the handler map from event type to graph writes, and applying a batch."""

from collections.abc import Sequence

from matching.adapters.graph import GraphWriter
from matching.domain.ties import TieRules
from matching.service_layer import project_life, project_people
from matching.service_layer.handlers import HandlerMap
from shulin_events import Envelope
from shulin_events.schemas import PAYLOADS, Payload

HANDLERS: HandlerMap = project_people.HANDLERS | project_life.HANDLERS

# Events the graph does not need; they are acknowledged and remembered, nothing more.
NOT_PROJECTED: frozenset[type[Payload]] = frozenset(PAYLOADS.values()) - HANDLERS.keys()


def project(writer: GraphWriter, events: Sequence[Envelope], rules: TieRules) -> int:
    """Apply events not seen before, in order, and remember them; return how many were new."""
    seen = writer.seen_events([str(e.event_id) for e in events])
    fresh = [e for e in events if str(e.event_id) not in seen]
    for event in fresh:
        handler = HANDLERS.get(type(event.payload))
        if handler is not None:
            handler(writer, event.payload, event, rules)
    writer.remember_events(
        {"id": str(e.event_id), "type": e.type, "occurred_at": e.occurred_at.isoformat()}
        for e in fresh
    )
    writer.mark_changed(sorted({e.community_id for e in fresh}))
    return len(fresh)
