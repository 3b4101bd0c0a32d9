"""Who may read and change residents (roles × community), over HTTP on a real SQLite file."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from residents.adapters.tables import contact_reads
from residents.config import Settings
from residents.entrypoints.app import create_app
from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import admin_token, bearer

AUTH = AuthSettings()
REGISTER = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { id } }"
PRIVATE = "query($id: ID!, $why: String) { resident(id: $id) { privateProfile(reason: $why) { phone birthYear consent { contactVisibleToOperators } } } }"
LIST = "query($c: ID!, $b: ID) { residents(communityId: $c, buildingId: $b) { edges { node { id } } } }"
RENAME = 'mutation($id: ID!) { updateResidentProfile(input: {residentId: $id, displayName: "改名"}) { displayName } }'


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'residents.sqlite3'}"


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=db_url, relay_enabled=False))) as c:
        yield c


def gql(client: TestClient, token: str | None, query: str, **variables: Any) -> dict[str, Any]:
    headers = bearer(token) if token else {}
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


def token(
    community: str, *roles: str, sub: str = "staff-1", buildings: tuple[str, ...] = ()
) -> str:
    return mint_token(AUTH, sub, community, roles, buildings)


@pytest.fixture
def world(client: TestClient) -> dict[str, str]:
    admin = admin_token()
    ids: dict[str, str] = {}
    for key, name in (("c", "南湖社区"), ("other", "北山社区")):
        data = gql(
            client, admin, f'mutation {{ registerCommunity(input: {{name: "{name}"}}) {{ id }} }}'
        )
        ids[key] = data["data"]["registerCommunity"]["id"]
    for key, name in (("b1", "1栋"), ("b2", "2栋")):
        q = f'mutation($c: ID!) {{ addBuilding(input: {{communityId: $c, name: "{name}", floors: 9}}) {{ id }} }}'
        ids[key] = gql(client, admin, q, c=ids["c"])["data"]["addBuilding"]["id"]
    for key, building, consent in (("consented", "b1", True), ("private", "b2", False)):
        person = {
            "communityId": ids["c"],
            "buildingId": ids[building],
            "displayName": key,
            "phone": "13800138000",
            "birthYear": 1950,
            "contactVisibleToOperators": consent,
        }
        ids[key] = gql(client, admin, REGISTER, i=person)["data"]["registerResident"]["id"]
    return ids


def audit_rows(db_url: str) -> list[dict[str, Any]]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(contact_reads)).mappings()]
    engine.dispose()
    return rows


def test_no_token_expired_token_and_wrong_audience_are_unauthenticated(
    client: TestClient, world: dict[str, str]
) -> None:
    assert code(gql(client, None, LIST, c=world["c"])) == "UNAUTHENTICATED"
    expired = mint_token(AUTH, "op", world["c"], ["operator"], ttl_s=-60)
    assert code(gql(client, expired, LIST, c=world["c"])) == "UNAUTHENTICATED"
    elsewhere = mint_token(AuthSettings(jwt_audience="other"), "op", world["c"], ["operator"])
    assert code(gql(client, elsewhere, LIST, c=world["c"])) == "UNAUTHENTICATED"


def test_a_resident_reads_their_own_personal_data_without_audit(
    client: TestClient, world: dict[str, str], db_url: str
) -> None:
    me = token(world["c"], "resident", sub=world["private"])
    profile = gql(client, me, PRIVATE, id=world["private"])["data"]["resident"]["privateProfile"]
    assert profile == {
        "phone": "13800138000",
        "birthYear": 1950,
        "consent": {"contactVisibleToOperators": False},
    }
    assert audit_rows(db_url) == []


def test_a_resident_asking_for_anothers_phone_is_forbidden(
    client: TestClient, world: dict[str, str]
) -> None:
    me = token(world["c"], "resident", sub=world["private"])
    body = gql(client, me, PRIVATE, id=world["consented"])
    assert code(body) == "FORBIDDEN" and body["data"]["resident"] is None


def test_an_operator_reading_a_consented_phone_is_audited(
    client: TestClient, world: dict[str, str], db_url: str
) -> None:
    op = token(world["c"], "operator", sub="op-7")
    body = gql(client, op, PRIVATE, id=world["consented"], why="组织敬老活动 elders' lunch")
    assert body["data"]["resident"]["privateProfile"]["phone"] == "13800138000"
    assert body["data"]["resident"]["privateProfile"]["birthYear"] is None
    (row,) = audit_rows(db_url)
    assert (row["reader"], row["resident_id"], row["reason"]) == (
        "op-7",
        world["consented"],
        "组织敬老活动 elders' lunch",
    )
    assert row["community_id"] == world["c"] and row["read_at"] is not None


def test_an_operator_without_a_reason_or_consent_is_refused_and_nothing_is_logged(
    client: TestClient, world: dict[str, str], db_url: str
) -> None:
    op = token(world["c"], "operator")
    assert code(gql(client, op, PRIVATE, id=world["consented"])) == "BAD_USER_INPUT"
    body = gql(client, op, PRIVATE, id=world["private"], why="随便看看")
    assert code(body) == "FORBIDDEN" and "consented" in body["errors"][0]["message"]
    assert audit_rows(db_url) == []


def test_a_planner_gets_no_resident_list_and_no_resident(
    client: TestClient, world: dict[str, str]
) -> None:
    planner = token(world["c"], "planner")
    assert code(gql(client, planner, LIST, c=world["c"])) == "FORBIDDEN"
    assert code(gql(client, planner, PRIVATE, id=world["consented"])) == "FORBIDDEN"


def test_a_building_head_lists_only_their_buildings(
    client: TestClient, world: dict[str, str]
) -> None:
    head = token(world["c"], "building_head", buildings=(world["b1"],))
    mine = gql(client, head, LIST, c=world["c"], b=world["b1"])["data"]["residents"]["edges"]
    assert [e["node"]["id"] for e in mine] == [world["consented"]]
    assert code(gql(client, head, LIST, c=world["c"], b=world["b2"])) == "FORBIDDEN"
    assert code(gql(client, head, LIST, c=world["c"])) == "FORBIDDEN"


def test_another_communitys_token_gets_nothing(client: TestClient, world: dict[str, str]) -> None:
    stranger = token(world["other"], "operator")
    assert code(gql(client, stranger, LIST, c=world["c"])) == "NOT_FOUND"
    assert gql(client, stranger, PRIVATE, id=world["consented"])["data"]["resident"] is None
    body = gql(client, stranger, RENAME, id=world["consented"])
    assert code(body) == "NOT_FOUND" and body["data"] is None
    community = gql(client, stranger, "query($c: ID!) { community(id: $c) { name } }", c=world["c"])
    assert community["data"]["community"] is None


def test_changes_are_for_self_staff_and_building_heads_only(
    client: TestClient, world: dict[str, str]
) -> None:
    neighbour = token(world["c"], "resident", sub=world["private"])
    body = gql(client, neighbour, RENAME, id=world["consented"])
    assert code(body) == "FORBIDDEN"
    planner = token(world["c"], "planner")
    assert code(gql(client, planner, RENAME, id=world["consented"])) == "FORBIDDEN"
    me = token(world["c"], "resident", sub=world["consented"])
    assert gql(client, me, RENAME, id=world["consented"])["data"]["updateResidentProfile"]
    head = token(world["c"], "building_head", buildings=(world["b2"],))
    assert gql(client, head, RENAME, id=world["private"])["data"]["updateResidentProfile"]
    assert code(gql(client, head, RENAME, id=world["consented"])) == "FORBIDDEN"


def test_only_the_platform_admin_registers_communities(
    client: TestClient, world: dict[str, str]
) -> None:
    op = token(world["c"], "operator")
    body = gql(client, op, 'mutation { registerCommunity(input: {name: "新社区"}) { id } }')
    assert code(body) == "FORBIDDEN"
