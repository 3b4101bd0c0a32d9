"""Neighbours to meet: link prediction that never suggests a tie or someone who opted out."""

import dataclasses
import random
from types import SimpleNamespace as NS

from matching.recommend.neighbours import link_scores, recommend_neighbours
from matching.recommend.weights import NeighbourWeights


def test_friends_of_friends_and_co_members_come_first(rw: NS) -> None:
    me = rw.person("me", floor=3, interests=frozenset({"tai_chi"}))
    people = [
        me,
        rw.person("friend", "b2"),
        rw.person("fof", "b2"),  # two mutual acquaintances
        rw.person("friend2", "b2"),
        rw.person("shy", "b2", may_be_recommended=False),  # also a friend of friends
        rw.person("floor_mate", floor=3),
        rw.person("stranger", "b9", compound_id="other"),
    ]
    ties = {
        ("me", "friend"): 1,
        ("me", "friend2"): 1,
        ("friend", "fof"): 1,
        ("friend2", "fof"): 1,
        ("friend", "shy"): 1,
    }
    snap = rw.snapshot(people, ties)
    got = recommend_neighbours(snap, me, 10, NeighbourWeights())
    ids = [i.id for i in got.items]
    assert ids[0] == "fof"
    assert "floor_mate" in ids and "shy" not in ids and "friend" not in ids and "me" not in ids
    assert "stranger" not in ids
    assert got.items[0].reason_zh.startswith("你们有 2 位共同认识的邻居")
    assert got.items[0].reason_en.startswith("You have 2 acquaintances in common")
    floor = next(i for i in got.items if i.id == "floor_mate")
    assert floor.reason_en == "Lives on your floor"


def test_the_people_one_lives_with_are_not_neighbours_to_meet(rw: NS) -> None:
    me = rw.person("me", floor=3, household_id="h1", interests=frozenset({"tai_chi"}))
    spouse = rw.person("spouse", floor=3, household_id="h1", interests=frozenset({"tai_chi"}))
    next_door = rw.person("next_door", floor=3, household_id="h2")
    snap = rw.snapshot([me, spouse, next_door])
    ids = [i.id for i in recommend_neighbours(snap, me, 10, NeighbourWeights()).items]
    assert ids == ["next_door"]
    # Residents without a household are no one's household.
    alone = rw.person("alone", floor=3)
    other = rw.person("other", floor=3)
    snap = rw.snapshot([alone, other])
    assert [i.id for i in recommend_neighbours(snap, alone, 10, NeighbourWeights()).items] == [
        "other"
    ]


def test_shared_small_group_and_co_attendance_count(rw: NS) -> None:
    me = rw.person("me", "b1")
    people = [me, rw.person("a", "b2"), rw.person("b", "b3")]
    groups = {"g": rw.group("g", (), {"me", "a"})}
    acts = {"x": rw.activity("x", (), -2, attended={"me": None, "b": None})}
    snap = rw.snapshot(people, groups=groups, activities=acts)
    got = recommend_neighbours(snap, me, 10, NeighbourWeights())
    assert [i.id for i in got.items] == ["a", "b"]
    assert got.items[0].parts["groups"] > 0 and got.items[1].parts["activities"] > 0


def test_cold_start_suggests_building_neighbours_and_empty_explains(rw: NS) -> None:
    me = rw.person("me", floor=1)
    snap = rw.snapshot([me, rw.person("x", floor=5), rw.person("y", floor=1)])
    got = recommend_neighbours(snap, me, 10, NeighbourWeights())
    assert [i.id for i in got.items] == ["y", "x"]
    alone = rw.snapshot([me, rw.person("z", may_be_recommended=False)])
    empty = recommend_neighbours(alone, me, 10, NeighbourWeights())
    assert empty.items == [] and empty.note is not None and empty.note.code == "no_neighbours"


def test_modes_off_and_non_personalised(rw: NS) -> None:
    people = [
        rw.person("me", mode="off"),
        rw.person("hub", "b2"),
        rw.person("a", "b3"),
        rw.person("b", "b4"),
    ]
    snap = rw.snapshot(people, {("hub", "a"): 1, ("hub", "b"): 1})
    assert recommend_neighbours(snap, people[0], 5, NeighbourWeights()).items == []
    plain = rw.person("me", mode="non_personalised")
    got = recommend_neighbours(snap, plain, 5, NeighbourWeights())
    assert [i.id for i in got.items] == ["hub", "a", "b"]
    assert got.note is not None and got.note.code == "non_personalised"


def test_a_pending_i_know_them_is_not_suggested_to_either_side(rw: NS) -> None:
    """A one-sided "I know them" awaits the other's confirmation: suggesting them to the one who
    said it would ask for it twice, and the other is asked to confirm it instead."""
    people = [rw.person(p) for p in ("me", "friend", "declared", "fof", "other")]
    ties = {("me", "friend"): 1.0, ("friend", "declared"): 1.0, ("friend", "fof"): 1.0}
    w = NeighbourWeights()
    before = rw.snapshot(people, ties)
    assert "me" in [i.id for i in recommend_neighbours(before, people[2], 10, w).items]
    snap = rw.snapshot(
        people, ties, pending={"me": frozenset({"declared"}), "declared": frozenset({"me"})}
    )
    ids = [i.id for i in recommend_neighbours(snap, people[0], 10, w).items]
    assert "fof" in ids and "declared" not in ids
    other_side = [i.id for i in recommend_neighbours(snap, people[2], 10, w).items]
    assert "me" not in other_side
    off = dataclasses.replace(people[0], mode="non_personalised")
    assert "declared" not in [i.id for i in recommend_neighbours(snap, off, 10, w).items]


def test_each_score_is_the_sum_of_its_parts_to_the_bit(rw: NS) -> None:
    rng = random.Random(11)
    interests = ["tai_chi", "chorus", "chess", "cooking"]
    people = [
        rw.person(
            f"p{i:02d}",
            f"b{rng.randint(1, 3)}",
            floor=rng.randint(1, 4),
            interests=frozenset(rng.sample(interests, rng.randint(0, 3))),
            may_be_recommended=rng.random() < 0.8,
        )
        for i in range(40)
    ]
    ids = [p.id for p in people]
    ties = {tuple(rng.sample(ids, 2)): rng.uniform(0.2, 3.0) for _ in range(80)}
    groups = {f"g{k}": rw.group(f"g{k}", (), set(rng.sample(ids, 6))) for k in range(4)}
    snap = rw.snapshot(people, ties, groups=groups)  # type: ignore[arg-type]
    w = NeighbourWeights()
    for me in people:
        scores = link_scores(snap, me, w)
        candidates = scores.candidates(snap, me)
        for v, total in scores.totals(candidates).items():
            assert total == sum(scores.parts(v).values())
