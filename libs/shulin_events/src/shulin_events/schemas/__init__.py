"""Typed event payloads, versioned. The one place every service learns what an event means.

An event is identified by (type, version). Adding an optional field keeps the version; removing
a field or changing its meaning makes a new version, and consumers keep reading the old one.
Payloads never carry phone numbers, exact addresses (unit / door) or party membership: those stay
in the residents service. Each producer's payloads live in their own module.
"""

from shulin_events.schemas import activities, residents
from shulin_events.schemas.activities import (
    ActivityCancelled,
    ActivityCreated,
    ActivityRegistered,
    ActivityRegistrationCancelled,
    ExchangeAgreed,
    ExchangeCompleted,
    ExchangeRated,
    GroupCreated,
    GroupJoined,
    GroupLeft,
    ListingCancelled,
    ListingPosted,
    NeighbourMetAtActivity,
    PointsRecorded,
    ResidentCheckedIn,
    WishCancelled,
    WishClaimed,
    WishFulfilled,
    WishPosted,
)
from shulin_events.schemas.base import GLOBAL_COMMUNITY, Payload
from shulin_events.schemas.residents import (
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

PAYLOADS: dict[tuple[str, int], type[Payload]] = {
    (cls.__name__, cls.VERSION): cls for cls in (*residents.EVENTS, *activities.EVENTS)
}

VERSIONS: dict[type[Payload], int] = {cls: version for (_, version), cls in PAYLOADS.items()}

__all__ = [
    "GLOBAL_COMMUNITY",
    "PAYLOADS",
    "VERSIONS",
    "AcquaintanceConfirmed",
    "AcquaintanceDeclared",
    "ActivityCancelled",
    "ActivityCreated",
    "ActivityRegistered",
    "ActivityRegistrationCancelled",
    "BuildingAdded",
    "CommunityRegistered",
    "CompoundAdded",
    "ExchangeAgreed",
    "ExchangeCompleted",
    "ExchangeRated",
    "GroupCreated",
    "GroupJoined",
    "GroupLeft",
    "ListingCancelled",
    "ListingPosted",
    "NeighbourMetAtActivity",
    "Payload",
    "PointsRecorded",
    "ResidentCareFlagsChanged",
    "ResidentCheckedIn",
    "ResidentConsentChanged",
    "ResidentInterestsChanged",
    "ResidentMoved",
    "ResidentProfileUpdated",
    "ResidentRegistered",
    "ResidentRemoved",
    "ResidentRolesChanged",
    "ResidentSkillsChanged",
    "SkillLevel",
    "TaxonomyTagDefined",
    "WishCancelled",
    "WishClaimed",
    "WishFulfilled",
    "WishPosted",
]
