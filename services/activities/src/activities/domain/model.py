"""Neighbourhood activities (邻里活动) and check-ins (签到), with the rules that bind them."""

import enum
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

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
        )

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.attendee_count >= self.capacity

    def check_in(self, resident_id: str) -> CheckIn:
        """Admit one more attendee, or refuse when every place is taken."""
        resident = clean_id(resident_id, "residentId")
        if self.is_full:
            raise Conflict(
                f"activity {self.id!r} is full: all {self.capacity} places are taken",
                "activityId",
            )
        self.attendee_count += 1
        return CheckIn(activity_id=self.id, resident_id=resident)
