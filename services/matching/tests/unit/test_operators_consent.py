"""A resident who withdraws consent after the snapshot is never proposed in a team."""

import dataclasses
from types import SimpleNamespace as NS

import pytest

from matching.recommend.operators import Requirement
from matching.recommend.snapshot import Snapshot
from matching.recommend.teams import Team
from matching.recommend.weights import RecommendWeights
from matching.service_layer.recommendations import Recommendations, without
from matching.service_layer.snapshots import SnapshotCache, build_in_thread

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class FakeReader:
    """The graph as of now: who has withdrawn consent since the snapshot was read."""

    def __init__(self, withdrawn: set[str]) -> None:
        self.withdrawn = withdrawn

    async def community_exists(self, community_id: str) -> bool:
        return True

    async def unknown_skills(self, tags: list[str]) -> list[str]:
        return []

    async def still_recommendable(self, ids: list[str]) -> set[str]:
        return set(ids) - self.withdrawn


def world(rw: NS) -> tuple[Snapshot, Snapshot]:
    people = [
        rw.person("nurse4", skills={"nurse": 4}),
        rw.person("cook", "b2", skills={"cooking": 5}),
        rw.person("nurse2", skills={"nurse": 2}),
        rw.person("cook_far", "b3", skills={"cooking": 5}),
    ]
    ties = {("nurse4", "cook"): 2.0, ("nurse2", "cook_far"): 1.0}
    before = rw.snapshot(people, ties)
    after = rw.snapshot(
        [dataclasses.replace(p, may_be_recommended=p.id != "cook") for p in people], ties
    )
    return before, after


async def test_a_team_member_who_withdrew_is_replaced_from_a_fresh_snapshot(rw: NS) -> None:
    before, after = world(rw)
    reads = iter([before, after])
    cache = SnapshotCache(build_in_thread(lambda c: next(reads), None), ttl_s=60)
    recs = Recommendations(FakeReader({"cook"}), cache, RecommendWeights())  # type: ignore[arg-type]
    reqs = [Requirement("nurse", 2), Requirement("cooking", 3)]
    got = (await recs.operators("c1", reqs, 2, [], None, 10)).answer
    assert "cook" not in got.team.members and "cook" not in [c.id for c in got.candidates]
    assert set(got.team.members) == {"nurse2", "cook_far"} and got.team.uncovered == ()


def test_without_uncovers_the_skills_of_those_removed() -> None:
    team = Team(("a", "b"), {"x": "a", "y": "b"}, (), 1.0, 1.0)
    assert without(team, set()) is team
    left = without(team, {"b"})
    assert left.members == ("a",) and left.assignment == {"x": "a"} and left.uncovered == ("y",)
