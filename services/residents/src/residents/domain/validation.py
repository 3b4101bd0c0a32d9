"""Input rules for names, phones, numbers and short lists, shared by every residents use case."""

import re
import unicodedata
from collections.abc import Sequence

from shulin_kit.errors import InvalidInput

PHONE = re.compile(r"^1[3-9]\d{9}$")  # mainland China mobile number
INVISIBLE = ("Cc", "Cf", "Zl", "Zp")


def clean_name(value: str, field: str, max_length: int) -> str:
    """Trim, NFC-normalise and check a human-entered name."""
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise InvalidInput(f"{field} must not be empty", field)
    if len(name) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters", field)
    if any(unicodedata.category(ch) in INVISIBLE for ch in name):
        raise InvalidInput(f"{field} contains control or invisible characters", field)
    return name


def clean_optional(value: str | None, field: str, max_length: int) -> str | None:
    return None if value is None else clean_name(value, field, max_length)


def clean_text(value: str, field: str, max_length: int) -> str:
    """Like clean_name, but empty is allowed (descriptions)."""
    text = unicodedata.normalize("NFC", value).strip()
    return clean_name(text, field, max_length) if text else ""


def clean_phone(value: str | None, field: str = "phone") -> str | None:
    if value is None:
        return None
    phone = value.strip().replace(" ", "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE.match(phone):
        raise InvalidInput(f"{field} is not a mainland mobile number (11 digits starting 1)", field)
    return phone


def check_range(value: int | None, field: str, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidInput(f"{field} must be between {low} and {high}, got {value}", field)


def check_count(items: Sequence[object], field: str, most: int) -> None:
    if len(items) > most:
        raise InvalidInput(f"{field} may list at most {most} entries, got {len(items)}", field)


def clean_languages(values: Sequence[str], field: str = "languages") -> tuple[str, ...]:
    """普通话, 粤语, 湖北话…: NFKC-normalised (full-width → half-width), 1–10 chars, ≤ 8, no repeats."""
    check_count(values, field, 8)
    seen: dict[str, str] = {}
    for i, value in enumerate(values):
        language = clean_name(unicodedata.normalize("NFKC", value), f"{field}[{i}]", 10)
        seen.setdefault(language.casefold(), language)
    return tuple(seen.values())
