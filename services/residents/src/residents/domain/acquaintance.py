"""Acquaintance declarations: "I know this neighbour", one-sided until the other confirms."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from residents.domain.ids import new_id
from residents.domain.model import Resident
from residents.domain.validation import clean_optional
from shulin_kit.errors import InvalidInput


@dataclass
class Acquaintance:
    id: str
    community_id: str
    from_resident_id: str
    to_resident_id: str
    context: str | None = None
    declared_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    confirmed_at: datetime | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @classmethod
    def declare(cls, by: Resident, of: Resident, context: str | None) -> "Acquaintance":
        if by.id == of.id:
            raise InvalidInput("a resident cannot declare knowing themselves", "toResidentId")
        if by.community_id != of.community_id:
            raise InvalidInput("toResidentId lives in another community", "toResidentId")
        return cls(
            id=new_id(),
            community_id=by.community_id,
            from_resident_id=by.id,
            to_resident_id=of.id,
            context=clean_optional(context, "context", 60),
        )

    def confirm(self) -> None:
        self.confirmed_at = datetime.now(UTC)
