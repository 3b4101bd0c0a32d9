"""Typed event payloads, versioned. The one place every service learns what an event means.

An event is identified by (type, version). Adding an optional field keeps the version; removing
or changing the meaning of a field makes a new version, and consumers keep reading the old one.
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CommunityRegistered(Payload):
    community_id: str
    name: str
    district: str | None = None


class BuildingAdded(Payload):
    building_id: str
    community_id: str
    name: str
    floors: int = Field(ge=1)


class ResidentRegistered(Payload):
    resident_id: str
    community_id: str
    building_id: str
    display_name: str
    floor: int | None = None
    moved_in_on: date | None = None
    may_be_recommended: bool = True


class ResidentRemoved(Payload):
    resident_id: str
    community_id: str


class ActivityCreated(Payload):
    activity_id: str
    community_id: str
    title: str
    kind: str
    starts_at: str
    ends_at: str
    capacity: int | None = None


class ResidentCheckedIn(Payload):
    activity_id: str
    community_id: str
    resident_id: str
    checked_in_at: str


PAYLOADS: dict[tuple[str, int], type[Payload]] = {
    ("CommunityRegistered", 1): CommunityRegistered,
    ("BuildingAdded", 1): BuildingAdded,
    ("ResidentRegistered", 1): ResidentRegistered,
    ("ResidentRemoved", 1): ResidentRemoved,
    ("ActivityCreated", 1): ActivityCreated,
    ("ResidentCheckedIn", 1): ResidentCheckedIn,
}

VERSIONS: dict[type[Payload], int] = {cls: version for (_, version), cls in PAYLOADS.items()}
