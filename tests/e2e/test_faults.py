"""Servers failing under the whole stack: what users see meanwhile, and what reaches the graph after.

- Neo4j restarting: matching answers TEMPORARILY_UNAVAILABLE through the gateway, while the
  residents and activities subgraphs keep answering and taking changes; those changes reach the
  graph once Neo4j is back.
- Kafka stopped while residents register and check in at an activity: every request succeeds
  (the services' outboxes hold the events), and every change reaches the graph after.
"""

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway_calls import gql, ok, ok_once_known
from neo4j import Driver
from shulin_testkit import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.disruptive]
INFRA = Path(__file__).resolve().parents[2] / "infra"

REGISTER = "mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }"
PROFILE = """query($id: ID!) { resident(id: $id) {
  displayName building { name } activities { title } } }"""
TO_MEET = "query($r: ID!) { neighboursToMeet(residentId: $r) { items { resident { id } } } }"
GRAPH = "query($c: ID!) { communityGraph(communityId: $c) { residents } }"
CHECK_IN = """mutation($a: ID!, $r: ID!) {
  checkIn(input: {activityId: $a, residentId: $r, met: []}) { id } }"""
ATTENDED = "MATCH (:Resident {id: $r})-[x:ATTENDED]->(:Activity {id: $a}) RETURN count(x) AS n"


def new_place(gw: str) -> dict[str, str]:
    c = ok(gw, 'mutation { registerCommunity(input: {name: "故障社区"}) { id } }')
    b = ok(
        gw,
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "3栋", floors: 12}) { id } }',
        c=c["registerCommunity"]["id"],
    )
    return {"communityId": c["registerCommunity"]["id"], "buildingId": b["addBuilding"]["id"]}


def register(gw: str, place: dict[str, str], name: str) -> str:
    return str(ok(gw, REGISTER, input=place | {"displayName": name})["registerResident"]["id"])


def graph_residents(gw: str, place: dict[str, str]) -> int:
    graph = ok(gw, GRAPH, c=place["communityId"])["communityGraph"]
    return int(graph["residents"]) if graph else 0


def new_activity(gw: str, place: dict[str, str], resident: str) -> str:
    starts = datetime.now(UTC) + timedelta(minutes=30)
    activity = ok_once_known(
        gw,
        """mutation($c: ID!, $s: DateTime!, $e: DateTime!) { createActivity(input: {
             communityId: $c, title: "邻里茶话会", kind: HUNDRED_FAMILY_BANQUET, startsAt: $s,
             endsAt: $e, place: "活动室", capacity: 30}) { id } }""",
        c=place["communityId"],
        s=starts.isoformat(),
        e=(starts + timedelta(hours=2)).isoformat(),
    )["createActivity"]["id"]
    ok_once_known(
        gw,
        "mutation($a: ID!, $r: ID!) { registerForActivity(input: {activityId: $a, residentId: $r}) { waitlisted } }",
        a=activity,
        r=resident,
    )
    return str(activity)


def attended(neo4j: Driver, resident: str, activity: str) -> bool:
    records, _, _ = neo4j.execute_query(ATTENDED, r=resident, a=activity)
    return int(records[0]["n"]) == 1


def test_while_neo4j_restarts_matching_is_temporarily_unavailable_and_the_rest_answers(
    stack: Any, neo4j: Driver
) -> None:
    gw = stack.gateway
    place = new_place(gw)
    me = register(gw, place, "先登记的")
    activity = new_activity(gw, place, me)
    wait_until(lambda: graph_residents(gw, place) == 1, what="the first resident in the graph")
    subprocess.run([str(INFRA / "down"), "neo4j"], check=True, timeout=180)
    try:
        body = gql(gw, TO_MEET, r=me)
        assert body.get("data") is None or body["data"].get("neighboursToMeet") is None
        assert {e["extensions"]["code"] for e in body["errors"]} == {"TEMPORARILY_UNAVAILABLE"}
        assert "Traceback" not in str(body)
        late = register(gw, place, "重启时登记的")  # residents and activities take changes
        ok(gw, CHECK_IN, a=activity, r=me)
        profile = ok(gw, PROFILE, id=me)["resident"]  # and answer
        assert profile["building"] == {"name": "3栋"}
        assert profile["activities"] == [{"title": "邻里茶话会"}]
    finally:
        subprocess.run([str(INFRA / "up"), "neo4j"], check=True, timeout=300)
    wait_until(lambda: graph_residents(gw, place) == 2, timeout_s=180, what="the restart's changes")
    wait_until(lambda: attended(neo4j, me, activity), timeout_s=60, what="the check-in")
    ok(gw, TO_MEET, r=late)  # matching answers again


def test_kafka_down_while_residents_register_and_check_in_every_change_arrives(
    stack: Any, neo4j: Driver
) -> None:
    gw = stack.gateway
    place = new_place(gw)
    me = register(gw, place, "老住户")
    activity = new_activity(gw, place, me)
    wait_until(lambda: graph_residents(gw, place) == 1, what="the first resident in the graph")
    subprocess.run([str(INFRA / "down"), "kafka"], check=True, timeout=120)
    try:
        late = register(gw, place, "停机时登记的")  # the user's requests succeed
        ok(gw, CHECK_IN, a=activity, r=me)
        pending = httpx.get(stack.activities.replace("/graphql", "/ready"), timeout=5).json()
        assert pending["outbox_pending"] >= 1
    finally:
        subprocess.run([str(INFRA / "up"), "kafka"], check=True, timeout=300)
    wait_until(lambda: graph_residents(gw, place) == 2, timeout_s=180, what="the registration")
    wait_until(lambda: attended(neo4j, me, activity), timeout_s=120, what="the check-in")
    records, _, _ = neo4j.execute_query("MATCH (r:Resident {id: $r}) RETURN count(r) AS n", r=late)
    assert records[0]["n"] == 1
