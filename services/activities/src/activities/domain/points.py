"""Points (积分): an append-only ledger of credit earned for contributions and redeemed."""

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

from activities.domain.model import new_id
from activities.domain.validation import clean_text

# Documented, tunable constants: what one contribution is worth.
POINTS_PER_VOLUNTEER_HOUR = 10  # skill exchanges and operator-recorded volunteering
POINTS_FOR_FULFILLED_WISH = 20  # to the claimant who fulfilled a micro-wish
MAX_NOTE = 200


class PointsReason(enum.Enum):
    VOLUNTEER_HOURS = "VOLUNTEER_HOURS"  # 志愿服务时长, recorded by an operator
    EXCHANGE = "EXCHANGE"  # helping in a completed skill exchange
    WISH_FULFILLED = "WISH_FULFILLED"  # fulfilling a micro-wish
    REDEMPTION = "REDEMPTION"  # 积分兑换
    ADJUSTMENT = "ADJUSTMENT"


def points_for_hours(hours: float) -> int:
    return round(hours * POINTS_PER_VOLUNTEER_HOUR)


@dataclass
class LedgerEntry:
    """One line of a resident's points ledger; negative amounts are redemptions."""

    id: str
    community_id: str
    resident_id: str
    amount: int
    reason: PointsReason
    note: str
    reference: str | None = None  # what the entry is for: an exchange or wish id
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def record(
        cls,
        community_id: str,
        resident_id: str,
        amount: int,
        reason: PointsReason,
        note: str,
        reference: str | None = None,
    ) -> "LedgerEntry":
        return cls(
            id=new_id(),
            community_id=community_id,
            resident_id=resident_id,
            amount=amount,
            reason=reason,
            note=clean_text(note, "note", MAX_NOTE),
            reference=reference,
        )
