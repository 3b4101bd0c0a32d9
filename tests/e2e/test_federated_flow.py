"""One change travelling the whole way: gateway → residents → outbox → Kafka → matching → Neo4j,
and back out through the gateway as one federated answer."""

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway_calls import gql, ok, ok_once_known
from shulin_testkit import wait_until

pytestmark = pytest.mark.e2e
INFRA = Path(__file__).resolve().parents[2] / "infra"

REGISTER = """
mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id displayName } }
"""
PROFILE = """
query($id: ID!) {
  resident(id: $id) {
    displayName
    building { name }
    activities { title kind }
    buildingNeighbours { id displayName floor }
  }
}
"""


def new_place(gateway: str) -> dict[str, str]:
    c = ok(gateway, 'mutation { registerCommunity(input: {name: "金域蓝湾社区"}) { id } }')
    b = ok(
        gateway,
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "7栋", floors: 18}) { id } }',
        c=c["registerCommunity"]["id"],
    )
    return {"communityId": c["registerCommunity"]["id"], "buildingId": b["addBuilding"]["id"]}


def register(gateway: str, place: dict[str, str], name: str, **extra: Any) -> str:
    data = ok(gateway, REGISTER, input=place | {"displayName": name} | extra)
    return str(data["registerResident"]["id"])


def graph_residents(gateway: str, place: dict[str, str]) -> int:
    graph = ok(
        gateway,
        "query($c: ID!) { communityGraph(communityId: $c) { residents } }",
        c=place["communityId"],
    )["communityGraph"]
    return int(graph["residents"]) if graph else 0


def neighbours_of(gateway: str, resident_id: str) -> list[dict[str, Any]]:
    return list(ok(gateway, PROFILE, id=resident_id)["resident"]["buildingNeighbours"])


def test_one_query_federates_profile_activities_and_graph_neighbours(stack: Any) -> None:
    gw = stack.gateway
    place = new_place(gw)
    me = register(gw, place, "李老师", floor=5)
    near = register(gw, place, "王阿姨", floor=6)
    far = register(gw, place, "陈伯", floor=17)
    register(gw, place, "不想被推荐", floor=5, mayBeRecommended=False)
    starts = datetime.now(UTC) + timedelta(minutes=30)
    activity = ok_once_known(
        gw,
        """mutation($c: ID!, $s: DateTime!, $e: DateTime!) { createActivity(input: {
             communityId: $c, title: "百家宴", kind: HUNDRED_FAMILY_BANQUET, startsAt: $s,
             endsAt: $e, place: "中心广场", capacity: 80}) { id } }""",
        c=place["communityId"],
        s=starts.isoformat(),
        e=(starts + timedelta(hours=3)).isoformat(),
    )["createActivity"]
    for resident in (me, near):
        ok_once_known(
            gw,
            "mutation($a: ID!, $r: ID!) { registerForActivity(input: {activityId: $a, residentId: $r}) { waitlisted } }",
            a=activity["id"],
            r=resident,
        )
    check_in = "mutation($a: ID!, $r: ID!, $m: [ID!]!) { checkIn(input: {activityId: $a, residentId: $r, met: $m}) { id } }"
    ok(gw, check_in, a=activity["id"], r=me, m=[])
    ok(gw, check_in, a=activity["id"], r=near, m=[me])  # "who did you meet": tie evidence

    found = wait_until(
        lambda: (n := neighbours_of(gw, me)) and len(n) == 2 and n,
        timeout_s=60,
        what="the neighbours to reach Neo4j through Kafka",
    )
    profile = ok(gw, PROFILE, id=me)["resident"]
    assert profile["displayName"] == "李老师"
    assert profile["building"] == {"name": "7栋"}
    assert profile["activities"] == [{"title": "百家宴", "kind": "HUNDRED_FAMILY_BANQUET"}]
    # Resolved by matching from Neo4j, names filled in by the residents subgraph; the
    # resident who opted out of recommendations is not listed; nearest floor first.
    assert found == [
        {"id": near, "displayName": "王阿姨", "floor": 6},
        {"id": far, "displayName": "陈伯", "floor": 17},
    ]
    # Recommendations and planner figures answer through the same gateway.
    to_meet = ok(
        gw,
        "query($r: ID!) { neighboursToMeet(residentId: $r) { items { resident { id displayName } reasonZh reasonEn } } }",
        r=far,
    )["neighboursToMeet"]["items"]
    assert {i["resident"]["id"] for i in to_meet} <= {me, near}
    assert all(i["reasonZh"] and i["reasonEn"] for i in to_meet)
    network = ok(
        gw,
        "query($c: ID!) { neighbourNetwork(communityId: $c) { rows { name residents { value suppressed } } } }",
        c=place["communityId"],
    )["neighbourNetwork"]["rows"]
    # Fewer than 5 residents in the building: its figures are suppressed, never shown.
    assert network == [{"name": "7栋", "residents": {"value": None, "suppressed": True}}]


def test_bad_input_through_the_gateway_names_the_field(stack: Any) -> None:
    place = new_place(stack.gateway)
    body = gql(stack.gateway, REGISTER, input=place | {"displayName": "坏\u0000名字"})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "displayName"
    assert "Traceback" not in str(body)


@pytest.mark.disruptive
def test_registering_while_kafka_is_down_succeeds_and_arrives_when_it_is_back(stack: Any) -> None:
    gw = stack.gateway
    place = new_place(gw)
    me = register(gw, place, "先来的")
    wait_until(lambda: graph_residents(gw, place) == 1, what="the first resident in the graph")
    subprocess.run([str(INFRA / "down"), "kafka"], check=True, timeout=120)
    try:
        late = register(gw, place, "停机时登记的")  # the user's request succeeds
        ready = httpx.get(stack.residents.replace("/graphql", "/ready"), timeout=5).json()
        assert ready["outbox_pending"] >= 1
    finally:
        subprocess.run([str(INFRA / "up"), "kafka"], check=True, timeout=300)
    wait_until(lambda: graph_residents(gw, place) == 2, timeout_s=120, what="the outage's event")
    assert [n["id"] for n in neighbours_of(gw, me)] == [late]
