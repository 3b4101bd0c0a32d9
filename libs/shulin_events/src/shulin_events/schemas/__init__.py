"""Typed event payloads, versioned. The one place every service learns what an event means.

An event is identified by (type, version). Adding an optional field keeps the version; removing
a field or changing its meaning makes a new version, and consumers keep reading the old one.
Payloads never carry phone numbers, exact addresses (unit / door) or party membership: those stay
in the residents service. Each producer's payloads live in their own module.
"""

from shulin_events.schemas import activities, residents
from shulin_events.schemas.activities import *  # noqa: F403
from shulin_events.schemas.base import GLOBAL_COMMUNITY, Payload
from shulin_events.schemas.residents import *  # noqa: F403

PAYLOADS: dict[tuple[str, int], type[Payload]] = {
    (cls.__name__, cls.VERSION): cls for cls in (*residents.EVENTS, *activities.EVENTS)
}

VERSIONS: dict[type[Payload], int] = {cls: version for (_, version), cls in PAYLOADS.items()}

__all__ = [
    "GLOBAL_COMMUNITY",
    "PAYLOADS",
    "VERSIONS",
    "Payload",
    *residents.__all__,
    *activities.__all__,
]
