"""What every resolver module shares: the typed Info, and unset-or-value handling."""

from typing import Any, TypeVar

from strawberry import UNSET
from strawberry.types import Info

from residents.bootstrap import Container
from residents.service_layer.registration import KEEP, Keep
from shulin_kit.subgraph import Context

GqlInfo = Info[Context[Container], None]
T = TypeVar("T")

IDEMPOTENCY_KEY = "8–100 printable characters; a retry with the same key returns the first result."


def keep_unset(value: Any) -> Any | Keep:
    """An input field the client left out means "leave it as it is"."""
    return KEEP if value is UNSET else value


def or_none(value: T | None) -> T | None:
    """UNSET (left out) and null both mean "no value" for optional create fields."""
    return None if value is UNSET else value
