from datetime import UTC, datetime, timedelta

import pytest
import strawberry
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, select

from shulin_kit.errors import InvalidInput
from shulin_kit.pagination import Connection, decode_cursor, encode_cursor, keyset_page
from shulin_kit.subgraph import exported_sdl

metadata = MetaData()
people = Table("people", metadata, Column("id", String, primary_key=True), Column("rank", Integer))
events = Table(
    "events",
    metadata,
    Column("id", String, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)


@pytest.fixture
def conn():  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as c:
        # Ties in rank on purpose: the id breaks them, so no row is skipped or repeated.
        c.execute(people.insert(), [{"id": f"p{i:02d}", "rank": i // 3} for i in range(10)])
        start = datetime(2026, 1, 1, 8, tzinfo=UTC)
        c.execute(
            events.insert(),
            [{"id": f"e{i:02d}", "at": start + timedelta(hours=i // 2)} for i in range(9)],
        )
        yield c


def walk(conn, descending: bool) -> list[str]:  # type: ignore[no-untyped-def]
    seen, after = [], None
    while True:
        page = keyset_page(
            conn, select(people), [people.c.rank, people.c.id], 4, after, lambda r: r.id, descending
        )
        seen += page.items
        if not page.has_next_page:
            return seen
        after = page.end_cursor


def test_walking_all_pages_returns_every_row_once_in_order(conn) -> None:  # type: ignore[no-untyped-def]
    expected = [f"p{i:02d}" for i in range(10)]
    assert walk(conn, descending=False) == expected
    assert walk(conn, descending=True) == expected[::-1]


def test_a_forged_cursor_is_refused_naming_the_field(conn) -> None:  # type: ignore[no-untyped-def]
    for bad in ("%%%", encode_cursor(["only-one-value"])):
        with pytest.raises(InvalidInput) as err:
            keyset_page(conn, select(people), [people.c.rank, people.c.id], 4, bad, lambda r: r)
        assert err.value.field == "after"


def test_page_size_is_bounded(conn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as err:
        keyset_page(conn, select(people), [people.c.id], 0, None, lambda r: r)
    assert err.value.field == "first"


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor(["2026-01-01T00:00:00+00:00", "x"])) == [
        "2026-01-01T00:00:00+00:00",
        "x",
    ]


def test_connection_types_are_shareable_across_subgraphs() -> None:
    @strawberry.type
    class Thing:
        id: strawberry.ID

    @strawberry.type
    class Query:
        things: Connection[Thing]

    sdl = exported_sdl(strawberry.federation.Schema(query=Query, federation_version="2.9"))
    assert "type PageInfo @shareable" in sdl
    assert "type ThingConnection @shareable" in sdl


def test_pages_ordered_by_a_datetime_advance_on_sqlite(conn) -> None:  # type: ignore[no-untyped-def]
    seen, after = [], None
    for _ in range(10):  # a cursor that does not advance would loop here
        page = keyset_page(
            conn, select(events), [events.c.at, events.c.id], 2, after, lambda r: r.id
        )
        seen += page.items
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == [f"e{i:02d}" for i in range(9)]
