"""Consent and erasure hold across every service, proved on the real stack through the gateway.

Residents who opted out of recommendation appear in no one's recommendations (operator
candidates and teams, exchange matches, neighbours to meet, building neighbours); a resident
switches their own recommendations off; and after `removeResident` nothing personal about the
resident is left in the residents or activities databases or in the Neo4j graph.
"""

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver
from shulin_testkit import end_offsets, published_since, wait_until

from shulin_events import RESIDENTS_TOPIC
from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import admin_headers, bearer

pytestmark = pytest.mark.e2e
AUTH = AuthSettings()
PHONE = "13800138111"
# Unique per run: other tests (the console's) post similar requests and wishes in the same stack.
MARK = uuid.uuid4().hex[:8]
ERASED_NAME = f"待删除的刘奶奶{MARK}"
OFFER = f"上门量血压{MARK}"
WISH = f"想要一台收音机{MARK}"


def call(url: str, query: str, headers: dict[str, str], **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        url, json={"query": query, "variables": variables}, headers=headers, timeout=30
    )
    body: dict[str, Any] = response.json()
    return body


def ok(url: str, query: str, headers: dict[str, str] | None = None, **variables: Any) -> Any:
    body = call(url, query, headers or admin_headers(), **variables)
    assert not body.get("errors"), body["errors"]
    return body["data"]


def ok_once_known(url: str, query: str, headers: dict[str, str] | None = None, **v: Any) -> Any:
    """Activities learns residents from Kafka: retry while they are in flight."""

    def attempt() -> Any:
        body = call(url, query, headers or admin_headers(), **v)
        errors = body.get("errors") or []
        if any("retry in a moment" in e["message"] for e in errors):
            return None
        assert not errors, errors
        return body["data"]

    return wait_until(attempt, timeout_s=60, what="activities to learn of the residents")


class World:
    """One community with a nurse team, an opted-out nurse, and a resident to be erased."""

    def __init__(self, gateway: str) -> None:
        self.gw = gateway
        c = ok(gateway, 'mutation { registerCommunity(input: {name: "隐私社区"}) { id } }')
        self.community = c["registerCommunity"]["id"]
        add = """mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "9栋",
          floors: 12}) { id } }"""
        self.building = ok(gateway, add, c=self.community)["addBuilding"]["id"]
        self.ids: dict[str, str] = {}
        self.operator = bearer(mint_token(AUTH, "op-privacy", self.community, ["operator"]))

    def resident(self, key: str, name: str, floor: int, **extra: Any) -> str:
        register = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { id } }"
        person = {"communityId": self.community, "buildingId": self.building}
        person |= {"displayName": name, "floor": floor, **extra}
        rid: str = ok(self.gw, register, i=person)["registerResident"]["id"]
        skills = """mutation($r: ID!) { setResidentSkills(input: {residentId: $r,
          skills: [{tag: "护士", level: 4}]}) { id } }"""
        interests = """mutation($r: ID!) { setResidentInterests(input: {residentId: $r,
          interests: ["书法"]}) { id } }"""
        ok(self.gw, skills, r=rid)
        ok(self.gw, interests, r=rid)
        self.ids[key] = rid
        return rid

    def token_of(self, key: str) -> dict[str, str]:
        return bearer(mint_token(AUTH, self.ids[key], self.community, ["resident"]))


def once_projected(w: World, about: str) -> set[str] | None:
    """`recommended_ids`, or None while the graph does not know the residents yet (NOT_FOUND)."""
    try:
        return recommended_ids(w, about)
    except AssertionError:
        return None


def recommended_ids(w: World, about: str) -> set[str]:
    """Everyone any recommender shows, to an operator or to the resident `about`."""
    r = w.ids[about]
    team = """query($c: ID!) { operatorCandidates(communityId: $c, skills: [{tag: "nurse"}],
      teamSize: 2) { candidates { resident { id } } team { members { id } } } }"""
    found = ok(w.gw, team, w.operator, c=w.community)["operatorCandidates"]
    seen = {x["resident"]["id"] for x in found["candidates"]}
    seen |= {m["id"] for m in found["team"]["members"]}
    exchange = """query($r: ID!) { exchangeMatches(residentId: $r, skill: "nurse") {
      items { resident { id } } } }"""
    seen |= {
        x["resident"]["id"] for x in ok(w.gw, exchange, w.operator, r=r)["exchangeMatches"]["items"]
    }
    meet = "query($r: ID!) { neighboursToMeet(residentId: $r) { items { resident { id } } } }"
    seen |= {
        x["resident"]["id"]
        for x in ok(w.gw, meet, w.token_of(about), r=r)["neighboursToMeet"]["items"]
    }
    near = "query($r: ID!) { resident(id: $r) { buildingNeighbours { id } } }"
    seen |= {
        x["id"] for x in ok(w.gw, near, w.token_of(about), r=r)["resident"]["buildingNeighbours"]
    }
    return seen


def tables_holding(path: Path, *needles: str) -> dict[str, set[str]]:
    """Which tables of a SQLite database hold any of `needles` in a text or blob value."""
    found: dict[str, set[str]] = {}
    with sqlite3.connect(path) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):  # table names from sqlite_master
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    if isinstance(value, str):
                        found.setdefault(table, set()).update(n for n in needles if n in value)
    return {table: hits for table, hits in found.items() if hits}


def test_opted_out_residents_are_in_no_recommendation_and_erasure_leaves_no_trace(
    stack: Any, neo4j: Driver
) -> None:
    before = end_offsets([RESIDENTS_TOPIC])
    w = World(stack.gateway)
    w.resident("a", "张护士", 3)
    w.resident("b", "李医生", 4)
    w.resident("opted_out", "不想被推荐", 3, mayBeRecommended=False)
    w.resident("later", "后来关闭推荐", 5)
    erased = w.resident("erased", ERASED_NAME, 4, phone=PHONE, birthYear=1941)
    sensitive = """mutation($r: ID!) { setResidentSensitiveAttributes(input: {residentId: $r,
      elderlyLivingAlone: true, needsCare: true}) { id } }"""
    ok(w.gw, sensitive, r=erased)

    # Everyone meets everyone at an activity, so there is evidence of ties for every pair.
    starts = datetime.now(UTC) + timedelta(minutes=20)
    create = """mutation($c: ID!, $s: DateTime!, $e: DateTime!) { createActivity(input: {
      communityId: $c, title: "健康讲座", kind: OTHER, startsAt: $s, endsAt: $e,
      place: "活动室"}) { id } }"""
    activity = ok_once_known(
        w.gw,
        create,
        c=w.community,
        s=starts.isoformat(),
        e=(starts + timedelta(hours=1)).isoformat(),
    )["createActivity"]["id"]
    everyone = list(w.ids.values())
    register = """mutation($a: ID!, $r: ID!) { registerForActivity(input: {activityId: $a,
      residentId: $r}) { waitlisted } }"""
    check_in = """mutation($a: ID!, $r: ID!, $m: [ID!]!) { checkIn(input: {activityId: $a,
      residentId: $r, met: $m}) { id } }"""
    for r in everyone:
        ok_once_known(w.gw, register, a=activity, r=r)
    for r in everyone:  # who you met must have checked in already
        ok(w.gw, check_in, a=activity, r=r, m=everyone[: everyone.index(r)])
    listing = """mutation($r: ID!, $t: String!) { postListing(input: {residentId: $r,
      kind: OFFER, title: $t, skillTags: ["nurse"]}) { id } }"""
    ok(w.gw, listing, w.token_of("erased"), r=erased, t=OFFER)
    wish = (
        """mutation($r: ID!, $t: String!) { postWish(input: {residentId: $r, title: $t}) { id } }"""
    )
    ok(w.gw, wish, w.token_of("erased"), r=erased, t=WISH)

    # The resident switches recommendation of themself off, with their own token.
    consent = """mutation($r: ID!) { setResidentConsent(input: {residentId: $r,
      mayBeRecommended: false}) { residentId } }"""
    ok(w.gw, consent, w.token_of("later"), r=w.ids["later"])

    hidden = {w.ids["opted_out"], w.ids["later"]}
    wait_until(
        lambda: (seen := once_projected(w, "a")) and w.ids["b"] in seen and not seen & hidden,
        timeout_s=90,
        what="recommendations that show the nurses who agreed and never those who did not",
    )
    for about in ("a", "b", "erased"):
        seen = wait_until(
            lambda who=about: once_projected(w, who), timeout_s=60, what=f"{about} in the graph"
        )
        assert not seen & hidden

    # A resident turns their own recommendations off: every list for them is empty.
    off = """mutation($r: ID!) { setResidentConsent(input: {residentId: $r,
      recommendations: OFF}) { residentId } }"""
    ok(w.gw, off, w.token_of("b"), r=w.ids["b"])
    groups = "query($r: ID!) { groupRecommendations(residentId: $r) { items { score } } }"
    wait_until(
        lambda: (
            ok(w.gw, groups, w.token_of("b"), r=w.ids["b"])["groupRecommendations"]["items"] == []
        ),
        timeout_s=60,
        what="recommendations OFF to reach matching",
    )

    # What the residents service published about them: where they live, their skills, consent
    # and that an elderly resident lives alone; never their name, birth year, phone or needs.
    about_erased = [v for v in published_since(before) if erased.encode() in v]
    assert any(b'"ResidentRegistered"' in v for v in about_erased)
    assert any(b'"elderly_living_alone":true' in v for v in about_erased)
    for value in about_erased:
        for personal in (ERASED_NAME, PHONE, "1941", "needs_care", "display_name"):
            assert personal.encode() not in value, value

    # Erasure, by the resident themself.
    remove = "mutation($r: ID!) { removeResident(input: {residentId: $r}) }"
    ok(w.gw, remove, w.token_of("erased"), r=erased)

    def left_in_graph() -> list[tuple[list[str], list[str], int]]:
        """Every node that mentions the resident: its labels, property names and relationships."""
        with neo4j.session() as s:
            return [
                (sorted(r["labels"]), sorted(r["keys"]), r["degree"])
                for r in s.run(
                    """MATCH (n) WHERE n.id = $id OR n.resident_id = $id
                       RETURN labels(n) AS labels, keys(n) AS keys, COUNT { (n)--() } AS degree""",
                    id=erased,
                )
            ]

    # Only a tombstone stays (so a replayed event cannot bring them back): an id, no name, no ties.
    wait_until(
        lambda: left_in_graph() == [(["RemovedResident"], ["id", "removed_at"], 0)],
        timeout_s=60,
        what="the erased resident to leave Neo4j, bar a tombstone",
    )
    assert ok(w.gw, "query($r: ID!) { resident(id: $r) { id } }", r=erased)["resident"] is None
    # Recommendations read a graph snapshot that is at most MATCHING_SNAPSHOT_TTL_S (30 s) old.
    wait_until(
        lambda: erased not in recommended_ids(w, "a"),
        timeout_s=60,
        what="the erased resident to leave the recommendations",
    )

    # Strings only this resident has (the stack is shared with other tests: a generated neighbour
    # elsewhere may well be born in 1941 too; the events that carry the year carry the name).
    personal = (ERASED_NAME, PHONE, OFFER, WISH)
    assert tables_holding(stack.var / "data" / "residents.sqlite3", *personal) == {}
    activities_db = stack.var / "data" / "activities.sqlite3"
    wait_until(
        lambda: tables_holding(activities_db, *personal) == {},
        timeout_s=60,
        what=f"activities to erase the resident's posts: {tables_holding(activities_db, *personal)}",
    )
