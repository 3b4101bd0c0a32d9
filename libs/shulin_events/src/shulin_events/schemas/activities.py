"""Events published by the activities service (topic activities.events)."""

from typing import Literal

from pydantic import Field

from shulin_events.schemas.base import Payload

GroupKind = Literal["interest_group", "neighbour_association"]
GroupRole = Literal["leader", "organiser", "member"]
ListingKind = Literal["request", "offer"]
PointsReason = Literal["volunteer_hours", "exchange", "wish_fulfilled", "redemption", "adjustment"]


class ActivityCreated(Payload):
    activity_id: str
    community_id: str
    title: str
    kind: str  # ActivityKind name, e.g. "FREE_CLINIC"
    starts_at: str  # ISO 8601 with offset
    ends_at: str
    capacity: int | None = None
    organizer_id: str | None = None
    tags: tuple[str, ...] = ()  # interest / skill taxonomy tags
    building_ids: tuple[str, ...] = ()  # empty: the whole community


class ActivityCancelled(Payload):
    activity_id: str
    community_id: str


class ActivityRegistered(Payload):
    """A resident signed up; `waitlisted` when the activity was full."""

    activity_id: str
    community_id: str
    resident_id: str
    waitlisted: bool = False


class ActivityRegistrationCancelled(Payload):
    activity_id: str
    community_id: str
    resident_id: str


class ResidentCheckedIn(Payload):
    activity_id: str
    community_id: str
    resident_id: str
    checked_in_at: str


class NeighbourMetAtActivity(Payload):
    """At check-in, "who did you meet": resident says they met another attendee."""

    activity_id: str
    community_id: str
    resident_id: str
    met_resident_id: str


class GroupCreated(Payload):
    group_id: str
    community_id: str
    name: str
    kind: GroupKind
    tags: tuple[str, ...] = ()
    building_id: str | None = None
    compound_id: str | None = None


class GroupJoined(Payload):
    group_id: str
    community_id: str
    resident_id: str
    role: GroupRole = "member"


class GroupLeft(Payload):
    group_id: str
    community_id: str
    resident_id: str


class ListingPosted(Payload):
    """需求清单 / 服务清单: a request for help or an offer of help."""

    listing_id: str
    community_id: str
    resident_id: str
    kind: ListingKind
    skill_tags: tuple[str, ...]
    title: str


class ListingCancelled(Payload):
    listing_id: str
    community_id: str


class ExchangeAgreed(Payload):
    """A request and a helper (or an offer and a taker) were matched and accepted."""

    exchange_id: str
    community_id: str
    listing_id: str
    helper_id: str
    helped_id: str
    skill_tags: tuple[str, ...] = ()


class ExchangeCompleted(Payload):
    exchange_id: str
    community_id: str
    helper_id: str
    helped_id: str
    hours: float = Field(gt=0)


class ExchangeRated(Payload):
    exchange_id: str
    community_id: str
    rater_id: str
    rated_id: str
    rating: int = Field(ge=1, le=5)


class PointsRecorded(Payload):
    """One entry of the append-only points ledger (negative amount = redemption)."""

    entry_id: str
    community_id: str
    resident_id: str
    amount: int
    reason: PointsReason
    reference: str | None = None  # what the entry is for, e.g. an exchange id


class WishPosted(Payload):
    """微心愿: a small wish of a resident in need."""

    wish_id: str
    community_id: str
    resident_id: str
    title: str


class WishClaimed(Payload):
    wish_id: str
    community_id: str
    claimant_id: str


class WishFulfilled(Payload):
    wish_id: str
    community_id: str
    resident_id: str
    claimant_id: str


class WishCancelled(Payload):
    """The poster (or staff) withdrew a wish that was not fulfilled: it is gone, title and all."""

    wish_id: str
    community_id: str


EVENTS: tuple[type[Payload], ...] = (
    ActivityCreated,
    ActivityCancelled,
    ActivityRegistered,
    ActivityRegistrationCancelled,
    ResidentCheckedIn,
    NeighbourMetAtActivity,
    GroupCreated,
    GroupJoined,
    GroupLeft,
    ListingPosted,
    ListingCancelled,
    ExchangeAgreed,
    ExchangeCompleted,
    ExchangeRated,
    PointsRecorded,
    WishPosted,
    WishClaimed,
    WishFulfilled,
    WishCancelled,
)
