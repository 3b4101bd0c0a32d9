"""Neighbourhood activities (邻里活动) and check-ins (签到), with the rules that bind them."""

import enum
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from activities.domain.validation import aware_utc, clean_id, clean_text
from shulin_kit.errors import Conflict, InvalidInput

MAX_TITLE = 60
MAX_PLACE = 80


def new_id() -> str:
    return str(uuid.uuid4())


class ActivityKind(enum.Enum):
    """The kinds of activity the acquaintance-community programmes run; `label` is zh-CN."""

    FREE_CLINIC = "FREE_CLINIC"
    HUNDRED_FAMILY_BANQUET = "HUNDRED_FAMILY_BANQUET"
    READING_CLUB = "READING_CLUB"
    FLEA_MARKET = "FLEA_MARKET"
    COUNCIL_MEETING = "COUNCIL_MEETING"
    VOLUNTEER_PATROL = "VOLUNTEER_PATROL"
    NEIGHBOUR_FESTIVAL = "NEIGHBOUR_FESTIVAL"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ActivityKind.FREE_CLINIC: "义诊",
    ActivityKind.HUNDRED_FAMILY_BANQUET: "百家宴",
    ActivityKind.READING_CLUB: "读书会",
    ActivityKind.FLEA_MARKET: "跳蚤市场",
    ActivityKind.COUNCIL_MEETING: "议事会",
    ActivityKind.VOLUNTEER_PATROL: "志愿巡逻",
    ActivityKind.NEIGHBOUR_FESTIVAL: "邻里节",
    ActivityKind.OTHER: "其他",
}


class ActivityStatus(enum.Enum):
    SCHEDULED = "SCHEDULED"
    CANCELLED = "CANCELLED"


# Check-in opens an hour before the start (people arrive early) and closes half a day after
# the end (organisers often record attendance in the evening from a paper list).
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)
CHECK_IN_CLOSES_AFTER = timedelta(hours=12)
MAX_TAGS = 10
MAX_BUILDINGS = 50


@dataclass
class Registration:
    """报名: a resident signed up; on the waitlist when every place was taken."""

    activity_id: str
    resident_id: str
    waitlisted: bool = False
    registered_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class CheckIn:
    """签到: proof that a resident attended an activity."""

    activity_id: str
    resident_id: str
    checked_in_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class Activity:
    id: str
    community_id: str
    title: str
    kind: ActivityKind
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int | None = None
    attendee_count: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    organizer_id: str | None = None
    tags: tuple[str, ...] = ()
    building_ids: tuple[str, ...] = ()  # empty: open to the whole community
    status: ActivityStatus = ActivityStatus.SCHEDULED
    registered_count: int = 0  # confirmed places taken
    waitlist_count: int = 0

    @classmethod
    def create(
        cls,
        community_id: str,
        title: str,
        kind: ActivityKind,
        starts_at: datetime,
        ends_at: datetime,
        place: str,
        capacity: int | None = None,
        organizer_id: str | None = None,
        tags: tuple[str, ...] = (),
        building_ids: tuple[str, ...] = (),
    ) -> "Activity":
        community = clean_id(community_id, "communityId")
        clean_title = clean_text(title, "title", MAX_TITLE)
        starts = aware_utc(starts_at, "startsAt")
        ends = aware_utc(ends_at, "endsAt")
        if ends <= starts:
            raise InvalidInput("endsAt must be after startsAt", "endsAt")
        clean_place = clean_text(place, "place", MAX_PLACE)
        if capacity is not None and capacity < 1:
            raise InvalidInput(f"capacity must be at least 1, got {capacity}", "capacity")
        return cls(
            id=new_id(),
            community_id=community,
            title=clean_title,
            kind=kind,
            starts_at=starts,
            ends_at=ends,
            place=clean_place,
            capacity=capacity,
            organizer_id=organizer_id,
            tags=tags,
            building_ids=building_ids,
        )

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registered_count >= self.capacity

    @property
    def is_cancelled(self) -> bool:
        return self.status is ActivityStatus.CANCELLED

    def ensure_open(self, now: datetime) -> None:
        """Registrations and cancellations are for activities that still lie ahead."""
        if self.is_cancelled:
            raise Conflict(f"activity {self.id!r} was cancelled", "activityId")
        if now >= self.ends_at:
            raise InvalidInput(f"activity {self.id!r} has already ended", "activityId")

    def ensure_check_in_window(self, now: datetime) -> None:
        if self.is_cancelled:
            raise Conflict(f"activity {self.id!r} was cancelled", "activityId")
        opens = self.starts_at - CHECK_IN_OPENS_BEFORE
        if now < opens:
            raise InvalidInput(
                f"activity {self.id!r} is in the future: check-in opens at "
                f"{opens.isoformat()}, an hour before it starts",
                "activityId",
            )
        closes = self.ends_at + CHECK_IN_CLOSES_AFTER
        if now > closes:
            raise InvalidInput(
                f"check-in for activity {self.id!r} closed at {closes.isoformat()}, "
                "12 hours after it ended",
                "activityId",
            )

    def ensure_started(self, now: datetime) -> None:
        """Attendance is recorded after the fact: only for an activity that has begun."""
        if self.is_cancelled:
            raise Conflict(f"activity {self.id!r} was cancelled", "activityId")
        if now < self.starts_at:
            raise InvalidInput(
                f"activity {self.id!r} has not started yet (it starts at "
                f"{self.starts_at.isoformat()}): register and check in instead",
                "activityId",
            )

    def attendance_time(self, checked_in_at: datetime | None, now: datetime) -> datetime:
        """When a recorded attendee arrived: as given, or the start; within the check-in window."""
        if checked_in_at is None:
            return self.starts_at
        moment = aware_utc(checked_in_at, "checkedInAt")
        opens = self.starts_at - CHECK_IN_OPENS_BEFORE
        closes = self.ends_at + CHECK_IN_CLOSES_AFTER
        if not opens <= moment <= closes:
            raise InvalidInput(
                f"checkedInAt must lie between {opens.isoformat()} and {closes.isoformat()}: "
                "from an hour before the activity until 12 hours after it",
                "checkedInAt",
            )
        if moment > now:
            raise InvalidInput("checkedInAt is in the future", "checkedInAt")
        return moment

    def admits(self, building_id: str | None) -> bool:
        """Whether a resident of this building may register (building scope)."""
        return not self.building_ids or building_id in self.building_ids
