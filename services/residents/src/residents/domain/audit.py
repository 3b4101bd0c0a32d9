"""审计 The audit of staff reading a resident's contact details (PIPL: who, whose, when, why)."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shulin_kit.errors import InvalidInput

MIN_REASON, MAX_REASON = 2, 200


@dataclass(frozen=True)
class ContactRead:
    community_id: str
    resident_id: str
    reader: str
    reader_roles: str
    reason: str
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def check_reason(reason: str | None) -> str:
    """Staff say why they read a phone number; the reason is kept with the read."""
    text = (reason or "").strip()
    if not MIN_REASON <= len(text) <= MAX_REASON:
        raise InvalidInput(
            f"请说明原因 Give a reason ({MIN_REASON}–{MAX_REASON} characters) for reading "
            "a resident's contact details",
            "reason",
        )
    return text
