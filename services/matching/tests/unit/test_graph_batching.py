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
