"""Batched projection writes keep each id's statements in event order."""

from matching.adapters.graph import writes_life as life
from matching.adapters.graph import writes_people as people
from matching.adapters.graph.batching import WritePlan, batched


def test_a_batched_statement_reads_its_parameters_from_each_row() -> None:
    statement = batched(people.MERGE_RESIDENT)
    assert statement.startswith("UNWIND $rows AS row\nCALL (row) {")
    assert "$resident_id" not in statement and "row.resident_id" in statement
    assert "WITH row, gone WHERE gone IS NULL" in statement  # row stays in scope
    assert "CALL (a, b, evidence, agg, row) {" in batched(life.REFRESH_TIE)


def test_calls_of_one_statement_share_a_group_until_an_id_needs_another_statement_first() -> None:
    plan = WritePlan()
    for r in ("r1", "r2"):
        plan.add(people.MERGE_RESIDENT, {"resident_id": r, "community_id": "c"})
        plan.add(people.SET_SKILLS, {"resident_id": r, "skills": []})
    plan.add(people.SET_SKILLS, {"resident_id": "r3", "skills": []})  # no earlier call on r3
    steps = list(plan.drain())
    assert [(s, len(p.get("rows", [p]))) for s, p in steps] == [
        (batched(people.MERGE_RESIDENT), 2),
        (people.SET_SKILLS, 1),  # r3: level 0, after the residents' level-0 group
        (batched(people.SET_SKILLS), 2),  # r1, r2: after their registration
    ]
    assert [row["resident_id"] for row in steps[2][1]["rows"]] == ["r1", "r2"]
    assert len(plan) == 0


def test_the_community_id_every_event_carries_does_not_serialise_the_batch() -> None:
    plan = WritePlan()
    for i in range(5):
        plan.add(people.MERGE_RESIDENT, {"resident_id": f"r{i}", "community_id": "c"})
        plan.add(
            life.MERGE_ATTENDED, {"resident_id": f"x{i}", "activity_id": "a", "community_id": "c"}
        )
    assert len(list(plan.drain())) == 2


def test_calls_that_only_link_to_a_resident_commute_and_share_one_level() -> None:
    plan = WritePlan(life.LINKS)
    for a in ("a1", "a2", "a3"):  # one resident registers, checks in, registers…
        plan.add(life.REGISTER_FOR_ACTIVITY, {"resident_id": "r1", "activity_id": a})
        plan.add(life.MERGE_ATTENDED, {"resident_id": "r1", "activity_id": a})
    plan.add(life.ADD_EVIDENCE, {"low_id": "r1", "high_id": "r2", "source": "s", "ref": "x"})
    steps = [(s, len(p.get("rows", [p]))) for s, p in plan.drain()]
    assert steps == [
        (batched(life.REGISTER_FOR_ACTIVITY), 3),
        (life.ADD_EVIDENCE, 1),  # level 0 too: it links r1 and r2, as the others link r1
        (batched(life.MERGE_ATTENDED), 3),  # after the registration for the same activity
    ]


def test_without_links_every_change_of_statement_on_an_id_opens_a_level() -> None:
    plan = WritePlan()
    for a in ("a1", "a2"):
        plan.add(life.REGISTER_FOR_ACTIVITY, {"resident_id": "r1", "activity_id": a})
        plan.add(life.MERGE_ATTENDED, {"resident_id": "r1", "activity_id": a})
    assert len(list(plan.drain())) == 4


def test_a_write_of_an_id_keeps_its_order_with_the_calls_linking_to_it() -> None:
    plan = WritePlan(life.LINKS)
    plan.add(life.REGISTER_FOR_ACTIVITY, {"resident_id": "r1", "activity_id": "a1"})
    plan.add(people.REMOVE_RESIDENT, {"resident_id": "r1"})  # after the registration
    plan.add(life.MERGE_ATTENDED, {"resident_id": "r1", "activity_id": "a2"})  # after the removal
    plan.add(life.MERGE_ATTENDED, {"resident_id": "r9", "activity_id": "a3"})  # unrelated: level 0
    steps = [(s, [r.get("resident_id") for r in p.get("rows", [p])]) for s, p in plan.drain()]
    assert steps == [
        (life.REGISTER_FOR_ACTIVITY, ["r1"]),
        (life.MERGE_ATTENDED, ["r9"]),
        (people.REMOVE_RESIDENT, ["r1"]),
        (life.MERGE_ATTENDED, ["r1"]),
    ]


def test_calls_on_one_relationship_keep_their_order() -> None:
    plan = WritePlan(life.LINKS)
    pair = {"low_id": "r1", "high_id": "r2"}
    plan.add(life.ADD_EVIDENCE, pair | {"source": "met", "ref": "a1"})
    plan.add(life.REFRESH_TIE, pair)  # reads the evidence just added
    plan.add(life.ADD_EVIDENCE, pair | {"source": "met", "ref": "a2"})
    plan.add(life.REFRESH_TIE, {"low_id": "r1", "high_id": "r3"})  # another pair: level 0
    assert [(s, len(p.get("rows", [p]))) for s, p in plan.drain()] == [
        (life.ADD_EVIDENCE, 1),
        (life.REFRESH_TIE, 1),
        (life.REFRESH_TIE, 1),
        (life.ADD_EVIDENCE, 1),
    ]


def test_a_copy_of_a_plan_sends_the_same_writes_however_often_it_is_drained() -> None:
    plan = WritePlan(life.LINKS)
    plan.add(people.MERGE_RESIDENT, {"resident_id": "r1", "community_id": "c"})
    plan.add(people.SET_SKILLS, {"resident_id": "r1", "skills": []})
    first, retry = plan.copy(), plan.copy()  # a transaction, then its retry
    assert list(first.drain()) == list(retry.drain()) == list(plan.drain())
    assert len(first) == 0 and len(plan) == 0


def test_of_identical_refreshes_in_a_batch_only_the_last_is_sent() -> None:
    plan = WritePlan(life.LINKS, life.REFRESHES)
    pair = {"low_id": "r1", "high_id": "r2", "threshold": 1.0}
    for ref in ("a1", "a2"):  # both sides say they met: two pieces of evidence, two refreshes
        plan.add(life.ADD_EVIDENCE, pair | {"source": "met", "ref": ref})
        plan.add(life.REFRESH_TIE, pair)
    plan.add(life.REFRESH_TIE, pair | {"high_id": "r3"})  # another pair: kept
    assert len(plan) == 4
    assert [(s, [r["high_id"] for r in p.get("rows", [p])]) for s, p in plan.drain()] == [
        (life.ADD_EVIDENCE, ["r2"]),
        (life.REFRESH_TIE, ["r3"]),  # level 0; r1–r2's first refresh (level 1) was dropped
        (life.ADD_EVIDENCE, ["r2"]),
        (life.REFRESH_TIE, ["r2"]),  # after the second piece of evidence
    ]
