"""Strings built to break Cypher, SQL or a template are stored and read back verbatim, harmlessly.

They travel the whole way: gateway → subgraph → SQLite (+ outbox) → Kafka → projector → Neo4j,
and back out through the gateway. Every statement is parameterised (tests/security checks the
source); this proves it end to end.
"""

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from gateway_calls import ok, ok_once_known
from neo4j import Driver
from shulin_testkit import wait_until

from shulin_kit.tokens import admin_headers

pytestmark = pytest.mark.e2e

HOSTILE = [
    "'; DROP TABLE residents; --",
    '" OR "1"="1',
    "x'}) DETACH DELETE n //",
    "`) MATCH (n) DETACH DELETE n //",
    "$name {0} %s %(x)s ${x} {{x}}",
    "a\\' OR 1=1; -- \\\\",
    "<script>alert('邻里')</script>",
    "王阿姨👵 🏠 (´・ω・`) ∑ ℃",
    "UNION MATCH (n) RETURN n",
    "] RETURN 1 UNION CALL db.labels() //",
]


def graph_value(neo4j: Driver, label: str, key: str, node_id: str) -> Any:
    """One property of one node; the label comes from this test's constants, never from input."""
    queries = {
        "Activity": "MATCH (n:Activity {id: $id}) RETURN n[$key] AS v",
        "Group": "MATCH (n:Group {id: $id}) RETURN n[$key] AS v",
        "Wish": "MATCH (n:Wish {id: $id}) RETURN n[$key] AS v",
        "Resident": "MATCH (n:Resident {id: $id}) RETURN n[$key] AS v",
    }
    with neo4j.session() as s:
        record = s.run(queries[label], id=node_id, key=key).single()
    return record["v"] if record else None


def test_hostile_strings_round_trip_verbatim_and_break_nothing(stack: Any, neo4j: Driver) -> None:
    gw = stack.gateway
    c = ok(gw, 'mutation { registerCommunity(input: {name: "注入测试社区"}) { id } }')
    community = c["registerCommunity"]["id"]
    add = (
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "1栋", floors: 9}) { id } }'
    )
    building = ok(gw, add, c=community)["addBuilding"]["id"]
    register = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { id } }"
    starts = datetime.now(UTC) + timedelta(days=3)
    stored: list[tuple[str, str, str, str]] = []  # (label, property, id, value)

    for n, text in enumerate(HOSTILE):
        person = {"communityId": community, "buildingId": building, "displayName": text}
        resident = ok(gw, register, i=person | {"floor": 1 + n % 9})["registerResident"]["id"]
        activity = ok_once_known(
            gw,
            """mutation($c: ID!, $t: String!, $s: DateTime!, $e: DateTime!) { createActivity(
                 input: {communityId: $c, title: $t, kind: OTHER, startsAt: $s, endsAt: $e,
                 place: $t}) { id } }""",
            c=community,
            t=text,
            s=starts.isoformat(),
            e=(starts + timedelta(hours=1)).isoformat(),
        )["createActivity"]["id"]
        group = ok(
            gw,
            """mutation($c: ID!, $n: String!, $t: String!) { createGroup(input: {communityId: $c,
                 name: $n, kind: INTEREST_GROUP, description: $t}) { id } }""",
            c=community,
            n=f"{n}{text}",  # group names are unique in a community
            t=text,
        )["createGroup"]["id"]
        listing = ok_once_known(
            gw,
            """mutation($r: ID!, $t: String!) { postListing(input: {residentId: $r, kind: REQUEST,
                 title: $t, skillTags: ["nurse"], description: $t}) { id } }""",
            r=resident,
            t=text,
        )["postListing"]["id"]
        wish = ok(
            gw,
            "mutation($r: ID!, $t: String!) { postWish(input: {residentId: $r, title: $t}) { id } }",
            r=resident,
            t=text,
        )["postWish"]["id"]

        back = ok(
            gw,
            """query($r: ID!, $a: ID!, $g: ID!, $l: ID!, $w: ID!) {
                 resident(id: $r) { displayName }
                 activity(id: $a) { title place }
                 group(id: $g) { name description }
                 listing(id: $l) { title description }
                 wish(id: $w) { title } }""",
            r=resident,
            a=activity,
            g=group,
            l=listing,
            w=wish,
        )
        assert back == {
            "resident": {"displayName": text},
            "activity": {"title": text, "place": text},
            "group": {"name": f"{n}{text}", "description": text},
            "listing": {"title": text, "description": text},
            "wish": {"title": text},
        }
        stored += [
            ("Activity", "title", activity, text),
            ("Group", "name", group, f"{n}{text}"),
            ("Wish", "title", wish, text),
        ]

    # The projector wrote the same strings, verbatim, as values.
    for label, key, node_id, value in stored:
        wait_until(
            lambda: graph_value(neo4j, label, key, node_id) == value,  # noqa: B023
            timeout_s=60,
            what=f"{label}.{key} of {node_id} to reach Neo4j as {value!r}",
        )
    with neo4j.session() as s:
        record = s.run(
            "MATCH (:Resident)-[:LIVES_IN]->(:Building {id: $b}) RETURN count(*) AS n", b=building
        ).single()
    assert record is not None and record["n"] == len(HOSTILE)

    # Text that would disguise itself (a right-to-left override) is refused, naming the field.
    spoof = {"communityId": community, "buildingId": building, "displayName": "\u202e反转名字"}
    refused = httpx.post(
        gw, json={"query": register, "variables": {"i": spoof}}, headers=admin_headers(), timeout=30
    ).json()
    assert refused["errors"][0]["extensions"]["field"] == "displayName"

    # Nothing was dropped: every table is still there and holds what it held.
    with sqlite3.connect(stack.var / "data" / "residents.sqlite3") as db:
        names = {n for (n,) in db.execute("SELECT display_name FROM residents")}
        assert set(HOSTILE) <= names
        assert db.execute("SELECT count(*) FROM communities").fetchone()[0] >= 1
