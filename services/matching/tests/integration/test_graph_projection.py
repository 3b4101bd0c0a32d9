"""Every event type projected into the real Neo4j: nodes, relationships and derived ties."""

from datetime import UTC, datetime
from typing import Any

import pytest
from neo4j import Driver
from shulin_testkit import unique

from matching.adapters.graph import GraphRepository
from matching.domain.ties import TieRules
from matching.service_layer.projection import project
from shulin_events import Envelope, new_envelope
from shulin_events import schemas as ev
from shulin_events.schemas import GLOBAL_COMMUNITY

pytestmark = pytest.mark.integration


class World:
    """A small community history; ids are unique per test so tests never see each other."""

    def __init__(self) -> None:
        self.c, self.cp, self.b1, self.b2 = unique("c"), unique("cp"), unique("b"), unique("b")
        self.r = [unique("r") for _ in range(4)]

    def e(self, payload: ev.Payload) -> Envelope:
        return new_envelope(payload, self.c)

    def places_and_people(self) -> list[Envelope]:
        c = self.c
        events = [
            self.e(ev.CommunityRegistered(community_id=c, name="南湖社区")),
            self.e(ev.CompoundAdded(compound_id=self.cp, community_id=c, name="金域蓝湾")),
            self.e(
                ev.BuildingAdded(
                    building_id=self.b1, community_id=c, name="1栋", floors=18, compound_id=self.cp
                )
            ),
            self.e(ev.BuildingAdded(building_id=self.b2, community_id=c, name="2栋", floors=9)),
        ]
        for i, r in enumerate(self.r):
            events.append(self.e(ev.ResidentRegistered(
                resident_id=r, community_id=c, building_id=self.b1 if i < 3 else self.b2,
                floor=i + 1, languages=("普通话", "粤语"),
            )))  # fmt: skip
        return events


def run(neo4j: Driver, events: list[Envelope], rules: TieRules | None = None) -> int:
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    return graph.write(lambda w: project(w, events, rules or TieRules()))


def one(neo4j: Driver, query: str, **params: Any) -> Any:
    records, _, _ = neo4j.execute_query(query, params)
    return records[0][0] if records else None


def test_places_people_skills_and_interests(neo4j: Driver) -> None:
    w = World()
    events = [
        *w.places_and_people(),
        new_envelope(ev.TaxonomyTagDefined(kind="skill", tag="nurse", name_zh="护士", name_en="Nurse",
                                           category="health", synonyms=("护理",)), GLOBAL_COMMUNITY),
        w.e(ev.ResidentSkillsChanged(resident_id=w.r[0], community_id=w.c, skills=(
            ev.SkillLevel(tag="nurse", level=4, verified=True), ev.SkillLevel(tag="cooking", level=2)))),
        w.e(ev.ResidentSkillsChanged(resident_id=w.r[0], community_id=w.c, skills=(
            ev.SkillLevel(tag="nurse", level=5, verified=True),))),
        w.e(ev.ResidentInterestsChanged(resident_id=w.r[0], community_id=w.c, interests=("tai_chi", "reading"))),
        w.e(ev.ResidentMoved(resident_id=w.r[1], community_id=w.c, building_id=w.b2, floor=7)),
        w.e(ev.ResidentConsentChanged(resident_id=w.r[2], community_id=w.c, may_be_recommended=False,
                                      contact_visible_to_operators=False)),
        w.e(ev.ResidentCareFlagsChanged(resident_id=w.r[3], community_id=w.c, elderly_living_alone=True)),
    ]  # fmt: skip
    assert run(neo4j, events) == len(events)
    assert (
        one(
            neo4j,
            "MATCH (b:Building {id:$b})-[:IN_COMPOUND]->(cp:Compound)-[:IN]->(:Community) RETURN cp.name",
            b=w.b1,
        )
        == "金域蓝湾"
    )
    assert one(
        neo4j,
        "MATCH (:Resident {id:$r})-[h:HAS_SKILL]->(s:Skill) RETURN collect([s.tag, h.level])",
        r=w.r[0],
    ) == [["nurse", 5]]
    assert one(neo4j, "MATCH (s:Skill {tag:'nurse'}) RETURN s.name_zh") == "护士"
    assert sorted(
        one(neo4j, "MATCH (:Resident {id:$r})-[:LIKES]->(i) RETURN collect(i.tag)", r=w.r[0])
    ) == ["reading", "tai_chi"]
    assert one(
        neo4j, "MATCH (:Resident {id:$r})-[l:LIVES_IN]->(b) RETURN [b.id, l.floor]", r=w.r[1]
    ) == [w.b2, 7]
    assert one(neo4j, "MATCH (r:Resident {id:$r}) RETURN r.may_be_recommended", r=w.r[2]) is False
    assert one(neo4j, "MATCH (r:Resident {id:$r}) RETURN r.elderly_living_alone", r=w.r[3]) is True  # fmt: skip


def test_ties_come_from_evidence_and_reach_the_threshold(neo4j: Driver) -> None:
    w = World()
    a, b, c, d = w.r
    act = unique("act")
    events = [
        *w.places_and_people(),
        w.e(ev.AcquaintanceDeclared(community_id=w.c, from_resident_id=a, to_resident_id=b)),
        w.e(ev.AcquaintanceConfirmed(community_id=w.c, from_resident_id=a, to_resident_id=b)),
        # met at an activity: c says so, d does not (yet) -> below the threshold
        w.e(ev.NeighbourMetAtActivity(activity_id=act, community_id=w.c, resident_id=c, met_resident_id=d)),
        # a completed exchange between a and c -> a tie; rated by the helped side
        w.e(ev.ExchangeAgreed(exchange_id="x-" + act, community_id=w.c, listing_id="l1", helper_id=a, helped_id=c)),
        w.e(ev.ExchangeCompleted(exchange_id="x-" + act, community_id=w.c, helper_id=a, helped_id=c, hours=2)),
        w.e(ev.ExchangeRated(exchange_id="x-" + act, community_id=w.c, rater_id=c, rated_id=a, rating=5)),
    ]  # fmt: skip
    run(neo4j, events)
    ties = "MATCH (x:Resident {community_id:$c})-[k:KNOWS]->(y) RETURN collect([x.id, y.id, k.sources])"
    found = {(min(x, y), max(x, y)): set(s) for x, y, s in one(neo4j, ties, c=w.c)}
    assert found == {
        (min(a, b), max(a, b)): {"declared", "confirmed"},
        (min(a, c), max(a, c)): {"exchange"},
    }
    helped = "MATCH (:Resident {id:$a})-[h:HELPED]->(:Resident {id:$c}) RETURN [h.times, h.hours, h.rating]"
    assert one(neo4j, helped, a=a, c=c) == [1, 2.0, 5.0]

    # d confirms meeting c: now both sides said it, 0.5 + 0.5 reaches the threshold
    run(
        neo4j,
        [
            w.e(
                ev.NeighbourMetAtActivity(
                    activity_id=act, community_id=w.c, resident_id=d, met_resident_id=c
                )
            )
        ],
    )
    assert (
        one(
            neo4j,
            "MATCH (:Resident {id:$c})-[k:KNOWS]-(:Resident {id:$d}) RETURN k.weight",
            c=c,
            d=d,
        )
        == 1.0
    )

    # the same evidence again (a duplicate delivery under a new event id) changes nothing
    run(
        neo4j,
        [
            w.e(
                ev.NeighbourMetAtActivity(
                    activity_id=act, community_id=w.c, resident_id=d, met_resident_id=c
                )
            )
        ],
    )
    assert (
        one(
            neo4j,
            "MATCH (:Resident {id:$c})-[k:KNOWS]-(:Resident {id:$d}) RETURN k.weight",
            c=c,
            d=d,
        )
        == 1.0
    )

    # erasure removes the resident with every tie and piece of evidence
    run(neo4j, [w.e(ev.ResidentRemoved(resident_id=a, community_id=w.c))])
    assert one(neo4j, "MATCH (r {id:$a}) RETURN count(r)", a=a) == 1  # the tombstone only
    assert one(neo4j, "MATCH (:RemovedResident {id:$a}) RETURN count(*)", a=a) == 1
    assert one(neo4j, ties, c=w.c) == [[min(c, d), max(c, d), ["met_at_activity"]]]


def test_activities_groups_listings_points_and_wishes(neo4j: Driver) -> None:
    w = World()
    a, b, c, _ = w.r
    act, grp, wish, withdrawn = unique("act"), unique("g"), unique("w"), unique("w")
    events = [
        *w.places_and_people(),
        w.e(ev.ActivityCreated(activity_id=act, community_id=w.c, title="百家宴", kind="HUNDRED_FAMILY_BANQUET",
                               starts_at="2026-12-01T10:00:00+08:00", ends_at="2026-12-01T13:00:00+08:00",
                               tags=("cooking",), building_ids=(w.b1,))),
        w.e(ev.ActivityRegistered(activity_id=act, community_id=w.c, resident_id=a)),
        w.e(ev.ActivityRegistered(activity_id=act, community_id=w.c, resident_id=b, waitlisted=True)),
        w.e(ev.ActivityRegistrationCancelled(activity_id=act, community_id=w.c, resident_id=b)),
        w.e(ev.ResidentCheckedIn(activity_id=act, community_id=w.c, resident_id=a, checked_in_at="2026-12-01T10:05:00+08:00")),
        w.e(ev.GroupCreated(group_id=grp, community_id=w.c, name="太极队", kind="interest_group", tags=("tai_chi",))),
        w.e(ev.GroupJoined(group_id=grp, community_id=w.c, resident_id=a, role="leader")),
        w.e(ev.GroupJoined(group_id=grp, community_id=w.c, resident_id=b)),
        w.e(ev.GroupLeft(group_id=grp, community_id=w.c, resident_id=b)),
        w.e(ev.ListingPosted(listing_id="o-" + act, community_id=w.c, resident_id=a, kind="offer", skill_tags=("nurse",), title="量血压")),
        w.e(ev.ListingPosted(listing_id="n-" + act, community_id=w.c, resident_id=b, kind="request", skill_tags=("plumbing",), title="修水管")),
        w.e(ev.ListingCancelled(listing_id="n-" + act, community_id=w.c)),
        w.e(ev.PointsRecorded(entry_id="p1", community_id=w.c, resident_id=a, amount=30, reason="volunteer_hours")),
        w.e(ev.PointsRecorded(entry_id="p2", community_id=w.c, resident_id=a, amount=-10, reason="redemption")),
        w.e(ev.WishPosted(wish_id=wish, community_id=w.c, resident_id=c, title="一台收音机")),
        w.e(ev.WishClaimed(wish_id=wish, community_id=w.c, claimant_id=b)),
        w.e(ev.WishFulfilled(wish_id=wish, community_id=w.c, resident_id=c, claimant_id=b)),
        w.e(ev.WishPosted(wish_id=withdrawn, community_id=w.c, resident_id=c, title="一副老花镜")),
        w.e(ev.WishCancelled(wish_id=withdrawn, community_id=w.c)),
        w.e(ev.ActivityCancelled(activity_id=act, community_id=w.c)),
    ]  # fmt: skip
    run(neo4j, events)
    assert one(
        neo4j,
        "MATCH (:Resident {id:$a})-[:ATTENDED]->(x:Activity) RETURN [x.title, x.tags, x.cancelled]",
        a=a,
    ) == ["百家宴", ["cooking"], True]
    assert (
        one(neo4j, "MATCH (:Resident)-[r:REGISTERED]->(:Activity {id:$x}) RETURN count(r)", x=act)
        == 1
    )
    assert one(
        neo4j,
        "MATCH (r:Resident)-[m:MEMBER_OF]->(g:Group {id:$g})-[:ABOUT]->(i) RETURN collect([r.id, m.role, i.tag])",
        g=grp,
    ) == [[a, "leader", "tai_chi"]]
    assert one(neo4j, "MATCH (:Resident {id:$a})-[o:OFFERS]->(s) RETURN s.tag", a=a) == "nurse"
    assert one(neo4j, "MATCH (:Resident {id:$b})-[n:NEEDS]->() RETURN count(n)", b=b) == 0
    assert one(
        neo4j,
        "MATCH (r:Resident {id:$a}) RETURN [r.points_earned, r.points_balance, r.volunteer_points]",
        a=a,
    ) == [30, 20, 30]
    assert one(
        neo4j, "MATCH (w:Wish {id:$w}) RETURN [w.claimant_id, w.fulfilled_at IS NOT NULL]", w=wish
    ) == [b, True]
    assert one(neo4j, "MATCH (x:Wish {id:$w}) RETURN count(x)", w=withdrawn) == 0
    # the projection counted up the community's graph version (snapshots compare it)
    assert one(neo4j, "MATCH (v:GraphVersion {scope:$c}) RETURN v.version", c=w.c) >= 1
    assert one(neo4j, "MATCH (:Resident {id:$b})-[k:KNOWS]-(:Resident {id:$c}) RETURN k.sources", b=b, c=c) == ["wish"]  # fmt: skip


def test_evidence_read_before_its_residents_registrations_is_kept(neo4j: Driver) -> None:
    """Two topics: an activity's events may be read before the residents' registrations."""
    w = World()
    a, b, gone, d = w.r
    met = [
        w.e(ev.NeighbourMetAtActivity(activity_id="act", community_id=w.c, resident_id=x, met_resident_id=y))
        for x, y in ((a, b), (b, a), (gone, d))
    ]  # fmt: skip
    places, people = w.places_and_people()[:4], w.places_and_people()[4:]
    run(neo4j, [*places, w.e(ev.ResidentRemoved(resident_id=gone, community_id=w.c))])
    run(neo4j, met)  # before a's and b's registrations, after the erasure of `gone`
    run(neo4j, people)
    ties = "MATCH (x:Resident {community_id:$c})-[k:KNOWS]->(y) RETURN collect([x.id, y.id])"
    assert one(neo4j, ties, c=w.c) == [[min(a, b), max(a, b)]]
    assert one(neo4j, "MATCH (r:Resident {id:$a}) RETURN r.floor", a=a) == 1
    evidence_of_erased = "MATCH (:Resident {id:$g})-[e:EVIDENCE]-() RETURN count(e)"
    assert one(neo4j, evidence_of_erased, g=gone) == 0
    assert one(neo4j, "MATCH (r:Resident {id:$g}) RETURN count(r)", g=gone) == 0


def test_the_last_contribution_is_the_latest_whatever_order_points_arrive_in(
    neo4j: Driver,
) -> None:
    w = World()
    a = w.r[0]
    earlier, later = datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 9, 1, 9, tzinfo=UTC)
    points = [
        new_envelope(ev.PointsRecorded(entry_id=unique("p"), community_id=w.c, resident_id=a,
                                       amount=amount, reason="volunteer_hours"), w.c, at)
        for amount, at in ((20, later), (10, earlier))  # the later entry arrives first
    ]  # fmt: skip
    run(neo4j, [*w.places_and_people(), *points])
    query = "MATCH (r:Resident {id:$a}) RETURN [r.points_earned, toString(r.last_contribution_at)]"
    assert one(neo4j, query, a=a) == [30, "2026-09-01T09:00:00Z"]


def test_the_privacy_version_counts_only_changes_to_who_may_be_recommended(
    neo4j: Driver,
) -> None:
    w = World()
    run(neo4j, w.places_and_people())
    other = unique("c")
    versions = "MATCH (v:GraphVersion {scope:$c}) RETURN [v.version, v.privacy]"

    def step(payload: ev.Payload, community: str | None = None) -> tuple[list[int], list[int]]:
        run(neo4j, [new_envelope(payload, community or w.c)])
        return one(neo4j, versions, c=w.c), one(neo4j, versions, c=other)

    version, privacy = one(neo4j, versions, c=w.c)
    skills = (ev.SkillLevel(tag=unique("t"), level=3),)
    changed = step(ev.ResidentSkillsChanged(resident_id=w.r[0], community_id=w.c, skills=skills))
    assert changed[0] == [version + 1, privacy]  # a skill changes the graph, not the consent
    changed = step(
        ev.ResidentConsentChanged(
            resident_id=w.r[0],
            community_id=w.c,
            may_be_recommended=False,
            contact_visible_to_operators=False,
        )
    )
    assert changed[0] == [version + 2, privacy + 1]
    changed = step(ev.ResidentRemoved(resident_id=w.r[1], community_id=w.c))
    assert changed[0] == [version + 3, privacy + 2]
    # registered again, in another community: both count up (the first's snapshots hold them)
    moved = new_envelope(
        ev.ResidentRegistered(resident_id=w.r[2], community_id=other, building_id=unique("b")),
        other,
    )
    run(neo4j, [moved])
    after = [version + 4, privacy + 3], [1, 1]
    assert (one(neo4j, versions, c=w.c), one(neo4j, versions, c=other)) == after
    run(neo4j, [moved])  # a replay changes nothing
    assert (one(neo4j, versions, c=w.c), one(neo4j, versions, c=other)) == after


def test_personal_fields_earlier_versions_stored_are_removed_at_start(neo4j: Driver) -> None:
    """Names, birth years, gender and 'needs care' were written by v1 events; nothing reads them."""
    r = unique("r")
    neo4j.execute_query(
        "CREATE (:Resident {id: $r, floor: 3, display_name: '李老师', birth_year: 1950,"
        " gender: 'female', needs_care: true, elderly_living_alone: true})",
        r=r,
    )
    GraphRepository(neo4j, "neo4j").ensure_schema()
    GraphRepository(neo4j, "neo4j").ensure_schema()  # nothing left to remove: a no-op

    kept = "MATCH (n:Resident {id: $r}) RETURN n {.*} AS n"
    assert one(neo4j, kept, r=r) == {"id": r, "floor": 3, "elderly_living_alone": True}
    neo4j.execute_query("MATCH (n:Resident {id: $r}) DELETE n", r=r)
