"""Input rules for names, phones and numbers, shared by every residents use case."""

import re
import unicodedata

from shulin_kit.errors import InvalidInput

PHONE = re.compile(r"^1[3-9]\d{9}$")  # mainland China mobile number


def clean_name(value: str, field: str, max_length: int) -> str:
    """Trim, NFC-normalise and check a human-entered name."""
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise InvalidInput(f"{field} must not be empty", field)
    if len(name) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters", field)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise InvalidInput(f"{field} contains control or invisible characters", field)
    return name


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
