"""Every recommendation query through the matching app (GraphQL) on a hand-built community."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from neo4j import AsyncGraphDatabase, Driver
from shulin_testkit import unique

from matching.adapters.graph import GraphRepository
from matching.adapters.graph.recommend_reader import RecommendReader
from matching.config import Settings
from matching.domain.ties import TieRules
from matching.entrypoints.app import create_app
from matching.service_layer.projection import project
from shulin_events import Envelope, new_envelope
from shulin_events import schemas as ev
from shulin_events.schemas import GLOBAL_COMMUNITY
from shulin_kit.tokens import admin_headers

pytestmark = pytest.mark.integration

ITEM = "score parts { name value } reasonZh reasonEn"
PEOPLE = (
    "items { resident { id } " + ITEM + " } note { code messageZh messageEn } snapshotAgeSeconds"
)


class Hood:
    """me, n1, n2, shy (building 1); friend, fof (building 2); other community's outsider."""

    def __init__(self) -> None:
        self.c, self.other_c = unique("c"), unique("c")
        self.cp, self.b1, self.b2, self.b_other = (
            unique("cp"),
            unique("b"),
            unique("b"),
            unique("b"),
        )
        for name in ("me", "n1", "n2", "shy", "friend", "fof", "outsider"):
            setattr(self, name, unique(name))
        self.nurse, self.cook, self.plumb, self.taichi = (
            unique(t) for t in ("nurse", "cook", "plumb", "taichi")
        )
        self.g_taichi, self.g_read = unique("g"), unique("g")
        self.act, self.request = unique("act"), unique("req")

    def e(self, p: ev.Payload) -> Envelope:
        return new_envelope(p, self.c)

    def history(self) -> list[Envelope]:
        c, e = self.c, self.e
        soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
        tags = [
            new_envelope(
                ev.TaxonomyTagDefined(
                    kind=k, tag=t, name_zh=zh, name_en=en, category="x", description=d
                ),
                GLOBAL_COMMUNITY,
            )
            for k, t, zh, en, d in (
                ("skill", self.nurse, "护士", "Nurse", "量血压、换药和健康指导"),
                ("skill", self.cook, "烹饪", "Cooking", "做饭掌勺"),
                ("skill", self.plumb, "水电维修", "Plumbing", "修水管和电路"),
                ("interest", self.taichi, "太极", "Tai chi", "清晨练太极拳"),
            )
        ]
        people = [
            (self.me, self.b1, 2),
            (self.n1, self.b1, 3),
            (self.n2, self.b1, 5),
            (self.shy, self.b1, 2),
            (self.friend, self.b2, 1),
            (self.fof, self.b2, 1),
        ]
        return [
            *tags,
            e(ev.CommunityRegistered(community_id=c, name="南湖社区")),
            e(ev.CompoundAdded(compound_id=self.cp, community_id=c, name="金域蓝湾")),
            e(
                ev.BuildingAdded(
                    building_id=self.b1, community_id=c, name="1栋", floors=9, compound_id=self.cp
                )
            ),
            e(
                ev.BuildingAdded(
                    building_id=self.b2, community_id=c, name="2栋", floors=9, compound_id=self.cp
                )
            ),
            *(
                e(ev.ResidentRegistered(resident_id=r, community_id=c, building_id=b, floor=f))
                for r, b, f in people
            ),
            new_envelope(
                ev.CommunityRegistered(community_id=self.other_c, name="北湖"), self.other_c
            ),
            new_envelope(
                ev.BuildingAdded(
                    building_id=self.b_other, community_id=self.other_c, name="9栋", floors=3
                ),
                self.other_c,
            ),
            new_envelope(
                ev.ResidentRegistered(
                    resident_id=self.outsider,
                    community_id=self.other_c,
                    building_id=self.b_other,
                ),
                self.other_c,
            ),
            e(
                ev.ResidentConsentChanged(
                    resident_id=self.shy,
                    community_id=c,
                    may_be_recommended=False,
                    contact_visible_to_operators=False,
                )
            ),
            e(
                ev.ResidentInterestsChanged(
                    resident_id=self.me, community_id=c, interests=(self.taichi,)
                )
            ),
            e(
                ev.ResidentSkillsChanged(
                    resident_id=self.me,
                    community_id=c,
                    skills=(ev.SkillLevel(tag=self.cook, level=3),),
                )
            ),
            e(
                ev.ResidentSkillsChanged(
                    resident_id=self.n1,
                    community_id=c,
                    skills=(ev.SkillLevel(tag=self.nurse, level=4),),
                )
            ),
            e(
                ev.ResidentSkillsChanged(
                    resident_id=self.n2,
                    community_id=c,
                    skills=(ev.SkillLevel(tag=self.cook, level=4),),
                )
            ),
            e(
                ev.ResidentSkillsChanged(
                    resident_id=self.shy,
                    community_id=c,
                    skills=(ev.SkillLevel(tag=self.nurse, level=5),),
                )
            ),
            e(
                ev.GroupCreated(
                    group_id=self.g_taichi,
                    community_id=c,
                    name="太极队",
                    kind="interest_group",
                    tags=(self.taichi,),
                    building_id=self.b1,
                )
            ),
            e(
                ev.GroupCreated(
                    group_id=self.g_read, community_id=c, name="读书会", kind="interest_group"
                )
            ),
            *(
                e(ev.GroupJoined(group_id=self.g_taichi, community_id=c, resident_id=r))
                for r in (self.n1, self.n2)
            ),
            e(ev.GroupJoined(group_id=self.g_read, community_id=c, resident_id=self.shy)),
            # ties: me–friend confirmed; friend–fof through a completed exchange; n1–n2 met (both said)
            e(
                ev.AcquaintanceDeclared(
                    community_id=c, from_resident_id=self.me, to_resident_id=self.friend
                )
            ),
            e(
                ev.AcquaintanceConfirmed(
                    community_id=c, from_resident_id=self.me, to_resident_id=self.friend
                )
            ),
            e(
                ev.ExchangeCompleted(
                    exchange_id=unique("x"),
                    community_id=c,
                    helper_id=self.friend,
                    helped_id=self.fof,
                    hours=1,
                )
            ),
            e(
                ev.NeighbourMetAtActivity(
                    activity_id=self.act,
                    community_id=c,
                    resident_id=self.n1,
                    met_resident_id=self.n2,
                )
            ),
            e(
                ev.NeighbourMetAtActivity(
                    activity_id=self.act,
                    community_id=c,
                    resident_id=self.n2,
                    met_resident_id=self.n1,
                )
            ),
            e(
                ev.ActivityCreated(
                    activity_id=self.act,
                    community_id=c,
                    title="太极晨练",
                    kind="CLASS",
                    starts_at=soon,
                    ends_at=soon,
                    tags=(self.taichi,),
                    building_ids=(self.b1,),
                )
            ),
            e(
                ev.ListingPosted(
                    listing_id=self.request,
                    community_id=c,
                    resident_id=self.me,
                    kind="request",
                    skill_tags=(self.plumb,),
                    title="修水管",
                )
            ),
            e(
                ev.ListingPosted(
                    listing_id=unique("l"),
                    community_id=c,
                    resident_id=self.fof,
                    kind="offer",
                    skill_tags=(self.plumb,),
                    title="水电",
                )
            ),
            e(
                ev.ListingPosted(
                    listing_id=unique("l"),
                    community_id=c,
                    resident_id=self.fof,
                    kind="request",
                    skill_tags=(self.cook,),
                    title="学做饭",
                )
            ),
        ]


@pytest.fixture
def hood(neo4j: Driver) -> Hood:
    h = Hood()
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    graph.write(lambda w: project(w, h.history(), TieRules()))
    return h


@pytest.fixture(scope="module")
def client(neo4j: Driver) -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(env="test", snapshot_ttl_s=0, snapshot_rebuild_factor=0)),
        headers=admin_headers(),
    ) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body: dict[str, Any] = client.post(
        "/graphql", json={"query": query, "variables": variables}
    ).json()
    return body


def data(client: TestClient, query: str, **variables: Any) -> Any:
    body = gql(client, query, **variables)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


def error(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, query, **variables)
    assert body.get("errors"), body
    ext: dict[str, Any] = body["errors"][0]["extensions"]
    return ext


def ids(answer: dict[str, Any]) -> list[str]:
    return [i["resident"]["id"] for i in answer["items"]]


NEIGHBOURS = "query($r: ID!) { neighboursToMeet(residentId: $r, first: 10) { " + PEOPLE + " } }"
GROUPS = (
    "query($r: ID!) { groupRecommendations(residentId: $r) { items { groupId "
    + ITEM
    + " } note { code messageEn } } }"
)


def test_neighbours_to_meet(client: TestClient, hood: Hood) -> None:
    got = data(client, NEIGHBOURS, r=hood.me)
    found = ids(got)
    assert found[0] == hood.fof  # friend of a friend (the friend's tie came from an exchange)
    assert set(found) == {hood.fof, hood.n1, hood.n2}  # not the friend, not shy, not me
    assert got["items"][0]["reasonZh"].startswith("你们有 1 位共同认识的邻居")
    assert {p["name"] for p in got["items"][0]["parts"]} >= {"ties", "same_building"}


def test_group_and_activity_recommendations(client: TestClient, hood: Hood) -> None:
    got = data(client, GROUPS, r=hood.me)
    assert [i["groupId"] for i in got["items"]] == [hood.g_taichi, hood.g_read]
    top = got["items"][0]
    assert top["reasonZh"].startswith("同楼栋的 2 位邻居是成员")
    assert top["reasonEn"].startswith("2 neighbours in your building are members")
    q = "query($r: ID!) { activityRecommendations(residentId: $r) { items { activity { id } reasonEn } } }"
    assert [i["activity"]["id"] for i in data(client, q, r=hood.me)["items"]] == [hood.act]


def test_off_mode_removed_and_unknown_residents(
    client: TestClient, hood: Hood, neo4j: Driver
) -> None:
    off = ev.ResidentConsentChanged(
        resident_id=hood.n2,
        community_id=hood.c,
        may_be_recommended=True,
        contact_visible_to_operators=False,
        recommendations="off",
    )
    removed = ev.ResidentRemoved(resident_id=hood.fof, community_id=hood.c)
    GraphRepository(neo4j, "neo4j").write(
        lambda w: project(w, [hood.e(off), hood.e(removed)], TieRules())
    )
    got = data(client, GROUPS, r=hood.n2)
    assert got["items"] == [] and got["note"]["code"] == "recommendations_off"
    assert error(client, GROUPS, r=hood.fof) == {"code": "NOT_FOUND", "field": "residentId"}
    assert error(client, GROUPS, r=unique("nobody"))["code"] == "NOT_FOUND"
    assert hood.fof not in ids(data(client, NEIGHBOURS, r=hood.me))


OPERATORS = """
query($c: ID!, $skills: [SkillRequirement!]!, $size: Int!, $leader: ID, $b: [ID!]) {
  operatorCandidates(communityId: $c, skills: $skills, teamSize: $size, leaderId: $leader, buildingIds: $b) {
    candidates { resident { id } reasonZh reasonEn parts { name value } }
    team { members { id } assignments { skill resident { id } } uncoveredSkills communicationCost }
    uncoveredSkills communicationCost note { code }
  }
}"""


def test_operator_candidates_and_team(client: TestClient, hood: Hood) -> None:
    skills = [{"tag": hood.nurse, "minLevel": 3}, {"tag": hood.cook, "minLevel": 3}]
    got = data(client, OPERATORS, c=hood.c, skills=skills, size=2)
    found = [c["resident"]["id"] for c in got["candidates"]]
    assert hood.shy not in found and hood.n1 in found
    assert {m["id"] for m in got["team"]["members"]} == {hood.n1, hood.n2}  # they met: cost 1
    assert got["communicationCost"] == 1.0 and got["uncoveredSkills"] == []
    led = data(client, OPERATORS, c=hood.c, skills=skills, size=2, leader=hood.me)
    assert led["team"]["members"][0]["id"] == hood.me
    scoped = data(client, OPERATORS, c=hood.c, skills=skills[:1], size=1, b=[hood.b2])
    assert scoped["candidates"] == [] and scoped["note"]["code"] == "no_candidates"
    assert scoped["uncoveredSkills"] == [hood.nurse]


def test_operator_candidates_refuse_bad_input(client: TestClient, hood: Hood) -> None:
    skills = [{"tag": hood.nurse}]
    assert error(client, OPERATORS, c=hood.c, skills=skills, size=0)["field"] == "teamSize"
    assert error(client, OPERATORS, c=hood.c, skills=skills, size=13)["field"] == "teamSize"
    assert (
        error(client, OPERATORS, c=hood.c, skills=[{"tag": unique("nope")}], size=2)["field"]
        == "skills"
    )
    assert error(client, OPERATORS, c=unique("c"), skills=skills, size=2) == {
        "code": "NOT_FOUND",
        "field": "communityId",
    }
    assert (
        error(client, OPERATORS, c=hood.c, skills=skills, size=2, leader=hood.outsider)["field"]
        == "leaderId"
    )
    assert (
        error(client, OPERATORS, c=hood.c, skills=skills, size=2, b=[hood.b_other])["field"]
        == "buildingIds"
    )


EXCHANGES = (
    "query($l: ID, $r: ID, $s: String, $o: Boolean!) { exchangeMatches(listingId: $l, residentId: $r, skill: $s, offering: $o) { "
    + PEOPLE
    + " } }"
)


def test_exchange_matches(client: TestClient, hood: Hood) -> None:
    got = data(client, EXCHANGES, l=hood.request, o=False)
    assert ids(got) == [hood.fof]
    assert next(p["value"] for p in got["items"][0]["parts"] if p["name"] == "reciprocity") == 1.0
    assert "two-way" in got["items"][0]["reasonEn"]
    takers = data(client, EXCHANGES, r=hood.me, s=hood.cook, o=True)
    assert ids(takers) == [hood.fof]
    nobody = data(client, EXCHANGES, r=hood.fof, s=hood.nurse, o=False)
    assert ids(nobody) == [hood.n1] and hood.shy not in ids(nobody)
    assert error(client, EXCHANGES, l=unique("l"), o=False)["field"] == "listingId"
    assert error(client, EXCHANGES, r=hood.me, s=unique("nope"), o=False)["field"] == "skill"


def test_the_busiest_communities_come_first(neo4j: Driver, hood: Hood) -> None:
    """The API builds these communities' snapshots at start-up: the larger first."""

    async def busiest() -> list[str]:
        s = Settings()
        auth = (s.neo4j_user, s.neo4j_password.get_secret_value())
        async with AsyncGraphDatabase.driver(s.neo4j_uri, auth=auth) as driver:
            return await RecommendReader(driver, s.neo4j_database).busiest_communities(100_000)

    order = anyio.run(busiest)
    assert order.index(hood.c) < order.index(hood.other_c)  # six residents before one


def test_a_pending_i_know_them_is_suggested_to_neither_side_until_confirmed(
    client: TestClient, hood: Hood, neo4j: Driver
) -> None:
    declared = ev.AcquaintanceDeclared(
        community_id=hood.c, from_resident_id=hood.me, to_resident_id=hood.n1
    )
    GraphRepository(neo4j, "neo4j").write(
        lambda w: project(w, [new_envelope(declared, hood.c)], TieRules())
    )
    assert set(ids(data(client, NEIGHBOURS, r=hood.me))) == {hood.fof, hood.n2}
    # n1 is asked to confirm it (the console's "有邻居说认识你"), not to meet me
    assert hood.me not in ids(data(client, NEIGHBOURS, r=hood.n1))


def test_an_opt_out_after_the_snapshot_is_honoured_within_the_poll_age(
    hood: Hood, neo4j: Driver
) -> None:
    """A snapshot kept for minutes; its answers skip the re-check only while nobody's consent
    changed, so an opt-out written to the graph is absent once one poll age has passed."""
    settings = Settings(
        env="test", snapshot_ttl_s=600, privacy_poll_s=0.05, privacy_poll_max_age_s=0.3
    )
    with TestClient(create_app(settings), headers=admin_headers()) as fresh:
        assert hood.n1 in ids(data(fresh, NEIGHBOURS, r=hood.me))
        time.sleep(0.2)  # polled by now: this answer can come from the snapshot alone
        assert hood.n1 in ids(data(fresh, NEIGHBOURS, r=hood.me))
        opt_out = ev.ResidentConsentChanged(
            resident_id=hood.n1,
            community_id=hood.c,
            may_be_recommended=False,
            contact_visible_to_operators=False,
        )
        GraphRepository(neo4j, "neo4j").write(lambda w: project(w, [hood.e(opt_out)], TieRules()))
        time.sleep(0.3)
        for _ in range(3):
            assert hood.n1 not in ids(data(fresh, NEIGHBOURS, r=hood.me))
        removed = ev.ResidentRemoved(resident_id=hood.me, community_id=hood.c)
        GraphRepository(neo4j, "neo4j").write(lambda w: project(w, [hood.e(removed)], TieRules()))
        time.sleep(0.3)
        assert error(fresh, NEIGHBOURS, r=hood.me) == {"code": "NOT_FOUND", "field": "residentId"}
