"""The residents subgraph over HTTP, on a real SQLite file, with the outbox relay off."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from residents.adapters.tables import outbox, residents
from residents.config import Settings
from residents.entrypoints.app import create_app
from shulin_events.schemas import GLOBAL_COMMUNITY
from shulin_kit.tokens import admin_headers

REGISTER = """
mutation($input: RegisterResidentInput!) {
  registerResident(input: $input) { id displayName floor building { name } community { name } }
}
"""


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'residents.sqlite3'}"


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=db_url, relay_enabled=False))
    with TestClient(app, headers=admin_headers()) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def place(client: TestClient) -> dict[str, str]:
    community = gql(client, 'mutation { registerCommunity(input: {name: "南湖社区"}) { id } }')[
        "data"
    ]["registerCommunity"]
    building = gql(
        client,
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "7栋", floors: 18}) { id } }',
        c=community["id"],
    )["data"]["addBuilding"]
    return {"communityId": community["id"], "buildingId": building["id"]}


def counts(db_url: str) -> tuple[int, int]:
    """Residents stored, and outbox rows of communities (the taxonomy seed is left out)."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        n_residents = conn.execute(select(func.count()).select_from(residents)).scalar_one()
        n_outbox = conn.execute(
            select(func.count()).select_from(outbox).where(outbox.c.key != GLOBAL_COMMUNITY)
        ).scalar_one()
    engine.dispose()
    return n_residents, n_outbox


def test_register_resident_writes_the_row_and_its_outbox_event_together(
    client: TestClient, place: dict[str, str], db_url: str
) -> None:
    body = gql(client, REGISTER, input=place | {"displayName": "李老师", "floor": 5})
    assert body.get("errors") is None
    assert body["data"]["registerResident"]["building"]["name"] == "7栋"
    assert body["data"]["registerResident"]["community"]["name"] == "南湖社区"
    assert counts(db_url) == (1, 3)  # community + building + resident events


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"displayName": "王\x07五"}, "displayName", "BAD_USER_INPUT"),
        ({"displayName": "名" * 41}, "displayName", "BAD_USER_INPUT"),
        ({"phone": "555-0100"}, "phone", "BAD_USER_INPUT"),
        ({"floor": 99}, "floor", "BAD_USER_INPUT"),
        ({"buildingId": "no-such-building"}, "buildingId", "NOT_FOUND"),
        ({"communityId": "no-such-community"}, "communityId", "NOT_FOUND"),
    ],
)
def test_bad_registration_names_the_field_and_changes_nothing(
    client: TestClient,
    place: dict[str, str],
    db_url: str,
    extra: dict[str, Any],
    field: str,
    code: str,
) -> None:
    before = counts(db_url)
    body = gql(client, REGISTER, input=place | {"displayName": "李四"} | extra)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": code, "field": field}
    assert counts(db_url) == before


def test_a_missing_required_field_is_named_by_graphql_validation(
    client: TestClient, place: dict[str, str]
) -> None:
    body = gql(client, REGISTER, input=place)
    [error] = body["errors"]
    assert "displayName" in error["message"]


def test_entities_resolve_residents_by_key(client: TestClient, place: dict[str, str]) -> None:
    resident = gql(client, REGISTER, input=place | {"displayName": "陈伯"})["data"][
        "registerResident"
    ]
    body = gql(
        client,
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id displayName } } }",
        r=[
            {"__typename": "Resident", "id": resident["id"]},
            {"__typename": "Resident", "id": "gone"},
        ],
    )
    assert body["data"]["_entities"] == [{"id": resident["id"], "displayName": "陈伯"}, None]


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["database"] is True
