"""Operator candidates with a team, and skill-exchange matches, on hand-built communities."""

from types import SimpleNamespace as NS

from matching.recommend.exchanges import exchange_matches
from matching.recommend.operators import Requirement, operator_candidates
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import ExchangeWeights, OperatorWeights


def operators_world(rw: NS) -> NS:
    people = [
        rw.person("nurse4", skills={"nurse": 4}, availability=("flexible",)),
        rw.person("nurse2", skills={"nurse": 2}),
        rw.person("adviser", skills={"health_advice": 4}),  # related to nurse
        rw.person("cook", "b2", skills={"cooking": 5}),
        rw.person("cook_far", "b3", skills={"cooking": 5}),
        rw.person("shy_nurse", skills={"nurse": 5}, may_be_recommended=False),
        rw.person("nobody"),
    ]
    ties = {("nurse4", "cook"): 1.0, ("nurse2", "cook_far"): 1.0, ("cook", "cook_far"): 1.0}
    acts = {"a": rw.activity("a", (), -10, attended={"nurse4": rw.ago(10)})}
    snap = rw.snapshot(people, ties, activities=acts)
    return NS(snap=snap, sim=TagSimilarity(snap.skills))


def test_candidates_rank_by_coverage_and_skip_the_non_consenting(rw: NS) -> None:
    w = operators_world(rw)
    got = operator_candidates(
        w.snap, [Requirement("nurse", 3)], 2, [], w.sim, OperatorWeights(), 10
    )
    ids = [c.id for c in got.candidates]
    assert ids[0] == "nurse4" and "shy_nurse" not in ids and "nobody" not in ids
    assert ids.index("adviser") > 0 and "nurse2" in ids  # related skill / below level: partial
    assert got.candidates[0].reason_zh.startswith("护士（4 级）")
    assert set(got.candidates[0].parts) >= {"coverage", "engagement", "reach", "availability"}


def test_team_covers_every_skill_with_acquaintances(rw: NS) -> None:
    w = operators_world(rw)
    reqs = [Requirement("nurse", 2), Requirement("cooking", 3)]
    got = operator_candidates(w.snap, reqs, 2, [], w.sim, OperatorWeights(), 10)
    assert set(got.team.members) in ({"nurse4", "cook"}, {"nurse2", "cook_far"})
    assert got.team.diameter == 1.0 and got.team.uncovered == ()
    led = operator_candidates(w.snap, reqs, 2, [], w.sim, OperatorWeights(), 10, leader="nurse2")
    assert set(led.team.members) == {"nurse2", "cook_far"}


def test_related_skill_covers_when_nobody_has_it_and_scope_limits(rw: NS) -> None:
    w = operators_world(rw)
    got = operator_candidates(
        w.snap, [Requirement("health_advice", 5)], 1, [], w.sim, OperatorWeights(), 10
    )
    assert got.team.members and got.team.uncovered == ()
    assert got.related_cover.get("health_advice") in (None, "nurse", "health_advice")
    scoped = operator_candidates(
        w.snap, [Requirement("cooking")], 1, ["b3"], w.sim, OperatorWeights(), 10
    )
    assert [c.id for c in scoped.candidates] == ["cook_far"]
    none = operator_candidates(w.snap, [Requirement("lawyer")], 2, [], w.sim, OperatorWeights(), 10)
    assert none.candidates == [] and none.team.uncovered == ("lawyer",)


def exchange_world(rw: NS) -> NS:
    people = [
        rw.person("me", skills={"cooking": 4}, needs=frozenset({"plumbing"})),
        rw.person("offerer", "b2", offers=frozenset({"plumbing"})),
        rw.person("neighbour", skills={"plumbing": 3}, needs=frozenset({"cooking"})),
        rw.person("busy", "b2", offers=frozenset({"plumbing"})),
        rw.person("shy", offers=frozenset({"plumbing"}), may_be_recommended=False),
        rw.person("hungry", "b2", needs=frozenset({"cooking"})),
    ]
    helps = [rw.helped("busy", f"x{i}", 5) for i in range(6)]
    snap = rw.snapshot(people, helps=helps)
    return NS(snap=snap, me=people[0], sim=TagSimilarity(snap.skills))


def test_request_prefers_reciprocal_near_helpers_and_spreads_load(rw: NS) -> None:
    w = exchange_world(rw)
    got = exchange_matches(w.snap, w.me, ["plumbing"], False, w.sim, ExchangeWeights(), 10)
    ids = [i.id for i in got.items]
    assert ids[0] == "neighbour" and "shy" not in ids and "me" not in ids
    assert ids.index("offerer") < ids.index("busy")
    assert got.items[0].parts["reciprocity"] == 1.0
    assert "两" not in got.items[0].reason_zh and "互换" in got.items[0].reason_zh
    assert "two-way" in got.items[0].reason_en


def test_the_people_one_lives_with_are_not_matched_for_an_exchange(rw: NS) -> None:
    me = rw.person("me", household_id="h1", needs=frozenset({"plumbing"}))
    people = [
        me,
        rw.person("son", household_id="h1", skills={"plumbing": 5}),
        rw.person("next_door", household_id="h2", skills={"plumbing": 2}),
    ]
    snap = rw.snapshot(people)
    sim = TagSimilarity(snap.skills)
    got = exchange_matches(snap, me, ["plumbing"], False, sim, ExchangeWeights(), 10)
    assert [i.id for i in got.items] == ["next_door"]


def test_offer_finds_the_residents_who_need_it(rw: NS) -> None:
    w = exchange_world(rw)
    got = exchange_matches(w.snap, w.me, ["cooking"], True, w.sim, ExchangeWeights(), 10)
    assert [i.id for i in got.items] == ["neighbour", "hungry"]
    nobody = exchange_matches(w.snap, w.me, ["lawyer"], False, w.sim, ExchangeWeights(), 10)
    assert nobody.items == [] and nobody.note is not None and nobody.note.code == "no_helpers"
