"""The projection: the handler map from event type to graph writes, and applying a batch."""

from collections import defaultdict
from collections.abc import Sequence

from matching.adapters.graph import GraphPlanner, GraphWriter
from matching.domain.ties import TieRules
from matching.service_layer import project_life, project_people
from matching.service_layer.handlers import HandlerMap
from shulin_events import ACTIVITIES_TOPIC, RESIDENTS_TOPIC, Envelope
from shulin_events.schemas import (
    PAYLOADS,
    Payload,
    ResidentConsentChanged,
    ResidentRegistered,
    ResidentRegisteredV1,
    ResidentRemoved,
    activities,
    residents,
)

HANDLERS: HandlerMap = project_people.HANDLERS | project_life.HANDLERS

# Events the graph does not need; they are acknowledged and remembered, nothing more.
NOT_PROJECTED: frozenset[type[Payload]] = frozenset(PAYLOADS.values()) - HANDLERS.keys()

# Events that change who may be recommended, or how: they count up the community's privacy
# version, which tells the API when a snapshot's answers must be checked against the graph.
CHANGES_PRIVACY: frozenset[type[Payload]] = frozenset(
    {ResidentRegistered, ResidentRegisteredV1, ResidentConsentChanged, ResidentRemoved}
)

# The topic each event is published on: with the community, the stream Kafka keeps in order
# (events are keyed by community), within which processed ids are remembered.
TOPIC_OF: dict[type[Payload], str] = {
    t: RESIDENTS_TOPIC for t in (*residents.EVENTS, *residents.OLDER_VERSIONS)
} | {t: ACTIVITIES_TOPIC for t in activities.EVENTS}


def stream_key(topic: str, community_id: str) -> str:
    return f"{topic}/{community_id}"


def stream_of(event: Envelope) -> str:
    return stream_key(TOPIC_OF[type(event.payload)], event.community_id)


def plan_writes(events: Sequence[Envelope], rules: TieRules) -> GraphPlanner:
    """The writes of `events` (each id once), in order, collected without a transaction."""
    planner = GraphPlanner()
    _apply(planner, [e for _, e in _once_each(events)], rules)
    return planner


def project(
    writer: GraphWriter,
    events: Sequence[Envelope],
    rules: TieRules,
    planned: GraphPlanner | None = None,
) -> int:
    """Apply events not seen before, in order, and remember them; return how many were new.

    `planned`: `plan_writes` of these events, made beforehand; used when none was seen before.
    """
    once = _once_each(events)
    seen = writer.seen_events(_by_stream(once))
    fresh = [(i, e) for i, e in once if i not in seen]
    if planned is not None and not seen:
        writer.adopt(planned)
    else:
        _apply(writer, [e for _, e in fresh], rules)
    writer.remember_events(_by_stream(fresh))
    writer.mark_changed(
        sorted({e.community_id for _, e in fresh}),
        sorted({e.community_id for _, e in fresh if type(e.payload) in CHANGES_PRIVACY}),
    )
    return len(fresh)


def _once_each(events: Sequence[Envelope]) -> list[tuple[str, Envelope]]:
    """(id, event) of the first event with each id: a publication repeated within one batch
    (an outbox relay retrying) is applied once, as it would be in a later batch."""
    first: dict[str, Envelope] = {}
    for event in events:
        first.setdefault(str(event.event_id), event)
    return list(first.items())


def _by_stream(events: list[tuple[str, Envelope]]) -> dict[str, list[str]]:
    ids: defaultdict[str, list[str]] = defaultdict(list)
    for event_id, event in events:
        ids[stream_of(event)].append(event_id)
    return dict(ids)


def _apply(planner: GraphPlanner, events: Sequence[Envelope], rules: TieRules) -> None:
    for event in events:
        handler = HANDLERS.get(type(event.payload))
        if handler is not None:
            handler(planner, event.payload, event, rules)
