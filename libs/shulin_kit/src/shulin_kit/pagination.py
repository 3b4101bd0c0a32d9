"""Cursor (keyset) pagination for lists, and the Relay-style connection types that expose it.

A cursor is the sort key of the last row seen, opaque to clients (url-safe base64 of JSON).
Keyset pagination stays correct while rows are added and costs the same on page 1 and page 100.
"""

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import orjson
import strawberry
from sqlalchemy import Connection as SqlConnection
from sqlalchemy import DateTime, Select, literal, tuple_
from sqlalchemy.sql.elements import ColumnElement

from shulin_kit.errors import InvalidInput

T = TypeVar("T")
N = TypeVar("N")

MAX_PAGE_SIZE = 200


def encode_cursor(values: Sequence[Any]) -> str:
    raw = orjson.dumps(list(values), default=str)  # datetimes become ISO 8601 with offset
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, field: str = "after") -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise InvalidInput(f"{field} is not a cursor this list gave out", field) from None
    if not isinstance(values, list):
        raise InvalidInput(f"{field} is not a cursor this list gave out", field)
    return values


def check_page_size(first: int, field: str = "first") -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise InvalidInput(f"{field} must be between 1 and {MAX_PAGE_SIZE}", field)
    return first


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def keyset_page(
    conn: SqlConnection,
    query: Select[Any],
    order_by: Sequence[ColumnElement[Any]],
    first: int,
    after: str | None,
    to_item: Callable[[Any], T],
    descending: bool = False,
) -> Page[T]:
    """One page of `query` ordered by `order_by` (the last column must be unique, e.g. the id)."""
    check_page_size(first)
    key = tuple_(*order_by)
    if after is not None:
        values = decode_cursor(after)
        if len(values) != len(order_by):
            raise InvalidInput("after is not a cursor this list gave out", "after")
        # Bind each value with its column's type, so a DateTime compares as one (not as text).
        bound = tuple_(*(_typed(v, c) for v, c in zip(values, order_by, strict=True)))
        query = query.where(key < bound if descending else key > bound)
    ordering = [c.desc() for c in order_by] if descending else list(order_by)
    rows = conn.execute(query.order_by(*ordering).limit(first + 1)).all()
    rows = list(rows)
    has_next = len(rows) > first
    rows = rows[:first]
    names = [str(c.key) for c in order_by]
    return Page(
        items=[to_item(r) for r in rows],
        cursors=[encode_cursor([r._mapping[n] for n in names]) for r in rows],
        has_next_page=has_next,
    )


def _typed(value: Any, column: ColumnElement[Any]) -> Any:
    if isinstance(column.type, DateTime) and isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput("after is not a cursor this list gave out", "after") from None
    return literal(value, type_=column.type)


@strawberry.federation.type(shareable=True, description="Where a page of a list ends.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.federation.type(shareable=True)
class Edge(Generic[N]):
    node: N
    cursor: str


@strawberry.federation.type(shareable=True)
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[Any], to_node: Callable[[Any], N]) -> "Connection[N]":
        return cls(
            edges=[
                Edge(node=to_node(item), cursor=c)
                for item, c in zip(page.items, page.cursors, strict=True)
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )
