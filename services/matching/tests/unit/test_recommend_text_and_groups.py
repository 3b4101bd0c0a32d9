"""Content similarity, group and activity recommendations on hand-built communities."""

from types import SimpleNamespace as NS

from matching.recommend.groups import recommend_activities, recommend_groups
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import HybridWeights


def test_related_skills_are_closer_than_unrelated_ones(rw: NS) -> None:
    sim = TagSimilarity(rw.snapshot([]).skills)
    assert sim.tag("nurse", "nurse") == 1.0
    assert sim.tag("nurse", "health_advice") > 0.2 > sim.tag("nurse", "plumbing")
    assert sim.tag("nurse", "unknown_tag") == 0.0
    assert sim.best("health_advice", {"nurse", "plumbing"})[1] == "nurse"


def world(rw: NS) -> NS:
    me = rw.person("me", interests=frozenset({"tai_chi"}))
    people = [
        me,
        rw.person("n1"),
        rw.person("n2"),
        rw.person("n3"),
        rw.person("far", "b9"),
        rw.person("shy", may_be_recommended=False),
        *(rw.person(f"p{i}", "b9") for i in range(8)),
    ]
    groups = {
        # the building's tai chi group with 2 neighbours
        "taichi": rw.group("taichi", ("tai_chi",), {"n1", "n2"}),
        # a big, popular badminton group nobody near me is in
        "badminton": rw.group("badminton", ("badminton",), {f"p{i}" for i in range(8)}),
        # a reading group of another building: not for me
        "reading_b9": rw.group("reading_b9", ("reading",), {"far"}, building_id="b9"),
        # joined already
        "dance": rw.group("dance", ("square_dance",), {"me", "n3"}),
        # members who did not consent are not counted
        "shy_club": rw.group("shy_club", ("reading",), {"shy"}),
    }
    snap = rw.snapshot(people, {("me", "n3"): 1.0}, groups=groups)
    return NS(snap=snap, me=me, sim=TagSimilarity(snap.interests))


def test_groups_rank_interest_and_neighbours_first_with_reasons(rw: NS) -> None:
    w = world(rw)
    got = recommend_groups(w.snap, w.me, 10, w.sim, HybridWeights())
    assert [i.id for i in got.items] == ["taichi", "badminton", "shy_club"]
    top = got.items[0]
    assert top.reason_zh.startswith("同楼栋的 2 位邻居是成员")
    assert top.reason_en.startswith("2 neighbours in your building are members")
    assert set(top.parts) == {"content", "ties", "building", "scope", "popularity"}
    assert got.items[2].parts["building"] == 0  # "shy" lives here but did not consent
    assert got.note is None


def test_a_newcomer_without_history_still_gets_groups(rw: NS) -> None:
    w = world(rw)
    newcomer = rw.person("new")
    snap = rw.snapshot([*w.snap.people.values(), newcomer], groups=w.snap.groups)
    got = recommend_groups(snap, newcomer, 3, w.sim, HybridWeights())
    # the two groups two building neighbours belong to, before the more popular one
    assert [i.id for i in got.items[:2]] == ["dance", "taichi"]
    assert got.items[0].reason_en.startswith("2 neighbours in your building")


def test_off_mode_gives_an_empty_answer_with_the_reason(rw: NS) -> None:
    w = world(rw)
    off = rw.person("me", mode="off")
    got = recommend_groups(w.snap, off, 5, w.sim, HybridWeights())
    assert got.items == [] and got.note is not None and got.note.code == "recommendations_off"


def test_non_personalised_mode_ranks_by_popularity_only(rw: NS) -> None:
    w = world(rw)
    me = rw.person("me", interests=frozenset({"tai_chi"}), mode="non_personalised")
    got = recommend_groups(w.snap, me, 5, w.sim, HybridWeights())
    assert got.items[0].id == "badminton"
    assert all(set(i.parts) == {"popularity"} for i in got.items)
    assert got.note is not None and got.note.code == "non_personalised"


def test_equal_scores_are_ordered_by_id(rw: NS) -> None:
    me = rw.person("me")
    groups = {g: rw.group(g, (), set()) for g in ("g3", "g1", "g2")}
    snap = rw.snapshot([me], groups=groups)
    got = recommend_groups(snap, me, 5, TagSimilarity({}), HybridWeights())
    assert [i.id for i in got.items] == ["g1", "g2", "g3"]


def test_no_groups_left_explains_why(rw: NS) -> None:
    me = rw.person("me")
    snap = rw.snapshot([me], groups={"g": rw.group("g", (), {"me"})})
    got = recommend_groups(snap, me, 5, TagSimilarity({}), HybridWeights())
    assert got.items == [] and got.note is not None and got.note.code == "no_groups"


def test_activities_are_upcoming_for_my_building_and_not_taken(rw: NS) -> None:
    me = rw.person("me", interests=frozenset({"tai_chi"}))
    acts = {
        "past": rw.activity("past", ("tai_chi",), -3),
        "other_building": rw.activity("other_building", ("tai_chi",), 2, building_ids=("b9",)),
        "cancelled": rw.activity("cancelled", ("tai_chi",), 2, cancelled=True),
        "registered": rw.activity("registered", ("tai_chi",), 2, registered=frozenset({"me"})),
        "taichi_here": rw.activity("taichi_here", ("tai_chi",), 2, building_ids=("b1",)),
        "badminton": rw.activity("badminton", ("badminton",), 2),
    }
    snap = rw.snapshot([me], activities=acts)
    got = recommend_activities(snap, me, 5, TagSimilarity(snap.interests), HybridWeights())
    assert [i.id for i in got.items] == ["taichi_here", "badminton"]


def test_an_activity_says_who_signed_up_not_who_is_a_member(rw: NS) -> None:
    me, n1, n2 = rw.person("me"), rw.person("n1"), rw.person("n2")
    signed = frozenset({"n1", "n2"})
    acts = {"walk": rw.activity("walk", ("hiking",), 2, registered=signed)}
    snap = rw.snapshot([me, n1, n2], activities=acts)
    got = recommend_activities(snap, me, 5, TagSimilarity(snap.interests), HybridWeights())
    assert got.items[0].reason_zh.startswith("同楼栋的 2 位邻居已报名")
    assert got.items[0].reason_en.startswith("2 neighbours in your building signed up")
