"""Micro-wishes (微心愿): a small wish of a resident in need, claimed and fulfilled by a neighbour."""

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

from activities.domain.model import new_id
from activities.domain.validation import clean_long_text, clean_text
from shulin_kit.errors import Conflict, InvalidInput

MAX_TITLE = 60
MAX_DESCRIPTION = 500


class WishStatus(enum.Enum):
    OPEN = "OPEN"
    CLAIMED = "CLAIMED"
    FULFILLED = "FULFILLED"
    CANCELLED = "CANCELLED"


@dataclass
class Wish:
    id: str
    community_id: str
    resident_id: str
    title: str
    description: str = ""
    status: WishStatus = WishStatus.OPEN
    claimant_id: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    claimed_at: datetime | None = None
    fulfilled_at: datetime | None = None

    @classmethod
    def post(cls, community_id: str, resident_id: str, title: str, description: str) -> "Wish":
        return cls(
            id=new_id(),
            community_id=community_id,
            resident_id=resident_id,
            title=clean_text(title, "title", MAX_TITLE),
            description=clean_long_text(description, "description", MAX_DESCRIPTION),
        )

    def claim(self, claimant_id: str, now: datetime) -> None:
        if claimant_id == self.resident_id:
            raise InvalidInput("a resident cannot claim their own wish", "claimantId")
        if self.status is not WishStatus.OPEN:
            raise Conflict(f"wish {self.id!r} is {self.status.value.lower()}, not open", "wishId")
        self.status = WishStatus.CLAIMED
        self.claimant_id = claimant_id
        self.claimed_at = now

    def fulfil(self, claimant_id: str, now: datetime) -> None:
        if self.status is not WishStatus.CLAIMED:
            raise Conflict(
                f"wish {self.id!r} is {self.status.value.lower()}, not claimed", "wishId"
            )
        if claimant_id != self.claimant_id:
            raise InvalidInput(f"only the claimant of wish {self.id!r} can fulfil it", "claimantId")
        self.status = WishStatus.FULFILLED
        self.fulfilled_at = now

    def cancel(self) -> None:
        if self.status not in (WishStatus.OPEN, WishStatus.CLAIMED):
            raise Conflict(f"wish {self.id!r} is {self.status.value.lower()}", "wishId")
        self.status = WishStatus.CANCELLED
