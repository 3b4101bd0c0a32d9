"""Input rules for the texts, ids and times residents and operators type into activities."""

import unicodedata
from datetime import UTC, datetime
from typing import Any

from shulin_kit.errors import InvalidInput

# Cc control, Cf format (zero-width, bidi overrides), Zl/Zp line and paragraph separators.
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")
MAX_ID_LENGTH = 36


def clean_text(value: str, field: str, max_length: int) -> str:
    """Trim, NFC-normalise and check a human-entered one-line text (a title, a place)."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise InvalidInput(f"{field} must not be empty", field)
    if len(text) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters", field)
    if any(unicodedata.category(ch) in _INVISIBLE for ch in text):
        raise InvalidInput(f"{field} contains control or invisible characters", field)
    return text


def clean_id(value: str, field: str) -> str:
    """An id minted by another service: printable, no spaces, at most 36 characters."""
    ident = value.strip()
    if not ident:
        raise InvalidInput(f"{field} must not be empty", field)
    if len(ident) > MAX_ID_LENGTH:
        raise InvalidInput(f"{field} is longer than {MAX_ID_LENGTH} characters", field)
    if any(ch.isspace() or unicodedata.category(ch) in _INVISIBLE for ch in ident):
        raise InvalidInput(f"{field} contains spaces or control characters", field)
    return ident


def aware_utc(value: datetime, field: str) -> datetime:
    """A point in time with its time zone, normalised to UTC; a naive time is ambiguous."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(
            f"{field} must include a time zone, e.g. 2025-05-01T09:00:00+08:00", field
        )
    return value.astimezone(UTC)


def clean_long_text(value: str, field: str, max_length: int) -> str:
    """A description: like clean_text, but line breaks are allowed; may be empty."""
    text = unicodedata.normalize("NFC", value).strip().replace("\r\n", "\n")
    if len(text) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters", field)
    if any(ch != "\n" and unicodedata.category(ch) in _INVISIBLE for ch in text):
        raise InvalidInput(f"{field} contains control or invisible characters", field)
    return text


def clean_ids(values: list[str], field: str, max_count: int) -> tuple[str, ...]:
    """A list of ids, each named `field[i]` when wrong; duplicates dropped, order kept."""
    if len(values) > max_count:
        raise InvalidInput(f"{field} has more than {max_count} entries", field)
    cleaned = [clean_id(v, f"{field}[{i}]") for i, v in enumerate(values)]
    return tuple(dict.fromkeys(cleaned))


def clean_hours(value: float, field: str = "hours") -> float:
    """Volunteer hours for one piece of work: at least a quarter of an hour, at most a day."""
    if not 0.25 <= value <= 24:
        raise InvalidInput(f"{field} must be between 0.25 and 24, got {value}", field)
    return round(value, 2)


class InvalidEntries(InvalidInput):
    """Several entries of one list are wrong: each is reported with its own field (`ids[3]`)."""

    def __init__(self, problems: list[InvalidInput]) -> None:
        summary = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"nothing was changed: {summary}")
        self.field = problems[0].field
        self.problems = problems

    @property
    def extensions(self) -> dict[str, Any]:
        return super().extensions | {
            "problems": [{"field": p.field, "message": p.message} for p in self.problems]
        }
