"""Request and offer lists (需求清单 / 服务清单) and the skill exchanges (技能互换) they lead to."""

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

from activities.domain.model import new_id
from activities.domain.validation import clean_long_text, clean_text
from shulin_kit.errors import Conflict, InvalidInput

MAX_TITLE = 60
MAX_DESCRIPTION = 1000


class ListingKind(enum.Enum):
    REQUEST = "REQUEST"  # 需求: "I need help with…"
    OFFER = "OFFER"  # 服务: "I can help with…"


class ListingStatus(enum.Enum):
    OPEN = "OPEN"
    MATCHED = "MATCHED"  # an exchange was agreed and is under way
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class ExchangeStatus(enum.Enum):
    AGREED = "AGREED"
    COMPLETED = "COMPLETED"


@dataclass
class Listing:
    id: str
    community_id: str
    resident_id: str
    kind: ListingKind
    title: str
    description: str = ""
    skill_tags: tuple[str, ...] = ()
    status: ListingStatus = ListingStatus.OPEN
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def post(
        cls,
        community_id: str,
        resident_id: str,
        kind: ListingKind,
        title: str,
        description: str,
        skill_tags: tuple[str, ...],
    ) -> "Listing":
        if not skill_tags:
            raise InvalidInput("skillTags must name at least one skill", "skillTags")
        return cls(
            id=new_id(),
            community_id=community_id,
            resident_id=resident_id,
            kind=kind,
            title=clean_text(title, "title", MAX_TITLE),
            description=clean_long_text(description, "description", MAX_DESCRIPTION),
            skill_tags=skill_tags,
        )

    def ensure_open(self) -> None:
        if self.status is not ListingStatus.OPEN:
            raise Conflict(
                f"listing {self.id!r} is {self.status.value.lower()}, not open", "listingId"
            )


@dataclass
class Exchange:
    """A listing matched with a counterpart: the helper helps the helped."""

    id: str
    community_id: str
    listing_id: str
    helper_id: str
    helped_id: str
    skill_tags: tuple[str, ...] = ()
    status: ExchangeStatus = ExchangeStatus.AGREED
    hours: float | None = None
    rating_by_helper: int | None = None  # how the helper rated the helped
    rating_by_helped: int | None = None  # how the helped rated the helper
    agreed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    completed_at: datetime | None = None

    @classmethod
    def agree(cls, listing: Listing, counterpart_id: str) -> "Exchange":
        listing.ensure_open()
        if counterpart_id == listing.resident_id:
            raise InvalidInput("a resident cannot take up their own listing", "counterpartId")
        poster, other = listing.resident_id, counterpart_id
        helper, helped = (other, poster) if listing.kind is ListingKind.REQUEST else (poster, other)
        return cls(
            id=new_id(),
            community_id=listing.community_id,
            listing_id=listing.id,
            helper_id=helper,
            helped_id=helped,
            skill_tags=listing.skill_tags,
        )

    def complete(self, hours: float, now: datetime) -> None:
        if self.status is not ExchangeStatus.AGREED:
            raise Conflict(f"exchange {self.id!r} is already completed", "exchangeId")
        self.status = ExchangeStatus.COMPLETED
        self.hours = hours
        self.completed_at = now

    def rate(self, rater_id: str, rating: int) -> str:
        """Record one side's rating of the other; returns the rated resident's id."""
        if not 1 <= rating <= 5:
            raise InvalidInput(f"rating must be between 1 and 5, got {rating}", "rating")
        if rater_id not in (self.helper_id, self.helped_id):
            raise InvalidInput(
                f"resident {rater_id!r} is not a party to exchange {self.id!r}", "raterId"
            )
        if self.status is not ExchangeStatus.COMPLETED:
            raise InvalidInput(
                f"exchange {self.id!r} can be rated once it is completed", "exchangeId"
            )
        if rater_id == self.helper_id:
            if self.rating_by_helper is not None:
                raise Conflict(f"{rater_id!r} already rated this exchange", "exchangeId")
            self.rating_by_helper = rating
            return self.helped_id
        if self.rating_by_helped is not None:
            raise Conflict(f"{rater_id!r} already rated this exchange", "exchangeId")
        self.rating_by_helped = rating
        return self.helper_id
