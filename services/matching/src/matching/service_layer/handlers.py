"""What a projection handler is, and a decorator to build a handler map from functions."""

from collections.abc import Callable
from typing import Any

from matching.adapters.graph import GraphPlanner
from matching.domain.ties import TieRules
from shulin_events import Envelope
from shulin_events.schemas import Payload

Handler = Callable[[GraphPlanner, Any, Envelope, TieRules], None]
HandlerMap = dict[type[Payload], Handler]


def registrar(handlers: HandlerMap) -> Callable[..., Callable[[Handler], Handler]]:
    """`@handles(SomeEvent[, ItsOlderVersion…])` puts the decorated function into `handlers`."""

    def handles(*payload_types: type[Payload]) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for payload_type in payload_types:
                handlers[payload_type] = handler
            return handler

        return register

    return handles


def occurred(e: Envelope) -> str:
    return e.occurred_at.isoformat()
