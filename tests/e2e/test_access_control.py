"""Access control through the gateway: the subgraphs verify the forwarded token themselves."""

import sqlite3
from typing import Any

import httpx
import pytest

from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import admin_headers, bearer

pytestmark = pytest.mark.e2e
AUTH = AuthSettings()
PRIVATE = """query($id: ID!, $why: String) {
  resident(id: $id) { displayName privateProfile(reason: $why) { phone } } }"""
LIST = "query($c: ID!) { residents(communityId: $c) { edges { node { id } } } }"


def post(url: str, query: str, headers: dict[str, str], **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        url, json={"query": query, "variables": variables}, headers=headers, timeout=15
    )
    # The gateway refuses a missing or bad token itself (401); everything else is a 200 response.
    assert response.status_code in (200, 401), response.text
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors") or []}


def setup_community(gw: str, name: str) -> dict[str, str]:
    admin = admin_headers()
    c = post(gw, f'mutation {{ registerCommunity(input: {{name: "{name}"}}) {{ id }} }}', admin)
    community = c["data"]["registerCommunity"]["id"]
    add = (
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "3栋", floors: 6}) { id } }'
    )
    building = post(gw, add, admin, c=community)["data"]["addBuilding"]["id"]
    ids = {"community": community}
    register = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { id } }"
    for key, consent in (("consented", True), ("private", False)):
        person = {
            "communityId": community,
            "buildingId": building,
            "displayName": key,
            "phone": "13912345678",
            "contactVisibleToOperators": consent,
        }
        ids[key] = post(gw, register, admin, i=person)["data"]["registerResident"]["id"]
    return ids


def test_roles_and_communities_are_enforced_through_the_gateway(stack: Any) -> None:
    gw = stack.gateway
    ids = setup_community(gw, "访问控制社区")
    other = setup_community(gw, "隔壁社区")
    c = ids["community"]

    assert codes(post(gw, LIST, {}, c=c)) == {"UNAUTHENTICATED"}
    expired = mint_token(AUTH, "op", c, ["operator"], ttl_s=-60)
    assert codes(post(gw, LIST, bearer(expired), c=c)) == {"UNAUTHENTICATED"}

    planner = bearer(mint_token(AUTH, "planner-1", c, ["planner"]))
    assert codes(post(gw, LIST, planner, c=c)) == {"FORBIDDEN"}

    neighbour = bearer(mint_token(AUTH, ids["private"], c, ["resident"]))
    body = post(gw, PRIVATE, neighbour, id=ids["consented"])
    assert codes(body) == {"FORBIDDEN"}

    operator = bearer(mint_token(AUTH, "op-e2e", c, ["operator"]))
    read = post(gw, PRIVATE, operator, id=ids["consented"], why="通知停水 water cut notice")
    assert read["data"]["resident"]["privateProfile"] == {"phone": "13912345678"}
    assert codes(post(gw, PRIVATE, operator, id=ids["private"], why="通知停水")) == {"FORBIDDEN"}

    stranger = bearer(mint_token(AUTH, "op-other", other["community"], ["operator"]))
    assert codes(post(gw, LIST, stranger, c=c)) == {"NOT_FOUND"}
    assert post(gw, PRIVATE, stranger, id=ids["consented"])["data"]["resident"] is None

    with sqlite3.connect(stack.var / "data" / "residents.sqlite3") as db:
        rows = db.execute(
            "SELECT reader, resident_id, reason FROM contact_reads WHERE community_id = ?", (c,)
        ).fetchall()
    assert rows == [("op-e2e", ids["consented"], "通知停水 water cut notice")]
