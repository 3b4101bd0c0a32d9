"""Typed event payloads, versioned. The one place every service learns what an event means.

An event is identified by (type, version). Adding an optional field keeps the version; removing
a field or changing its meaning makes a new version, and consumers keep reading the old one.
Payloads never carry names, phone numbers, exact addresses (unit / door), birth years, gender,
health or party membership: those stay in the residents service (what no consumer needs is not
published; ResidentRegistered v1 carried the name, birth year and gender). Each producer's
payloads live in their own module; older versions still read are in its OLDER_VERSIONS.
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
    ResidentCareFlagsChangedV1,
    ResidentConsentChanged,
    ResidentInterestsChanged,
    ResidentMoved,
    ResidentProfileUpdated,
    ResidentProfileUpdatedV1,
    ResidentRegistered,
    ResidentRegisteredV1,
    ResidentRemoved,
    ResidentRolesChanged,
    ResidentSkillsChanged,
    SkillLevel,
    TaxonomyTagDefined,
)

PAYLOADS: dict[tuple[str, int], type[Payload]] = {
    (cls.event_type(), cls.VERSION): cls
    for cls in (*residents.EVENTS, *residents.OLDER_VERSIONS, *activities.EVENTS)
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
    "ResidentCareFlagsChangedV1",
    "ResidentCheckedIn",
    "ResidentConsentChanged",
    "ResidentInterestsChanged",
    "ResidentMoved",
    "ResidentProfileUpdated",
    "ResidentProfileUpdatedV1",
    "ResidentRegistered",
    "ResidentRegisteredV1",
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
