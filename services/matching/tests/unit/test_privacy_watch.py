"""Answers skip their re-check against the graph only while a recent poll says nothing about
who may be recommended changed since the snapshot was read; otherwise they are checked."""

from types import SimpleNamespace as NS

import pytest

from matching.adapters.graph.recommend_reader import ResidentRef
from matching.recommend.operators import Requirement
from matching.recommend.snapshot import Snapshot
from matching.recommend.weights import RecommendWeights
from matching.service_layer.privacy_watch import PrivacyWatch
from matching.service_layer.recommendations import Recommendations
from matching.service_layer.snapshots import SnapshotCache, build_in_thread
from shulin_kit.errors import NotFound

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Graph:
    """Our reader's answers as of now, counting the round trips made to it."""

    def __init__(self, privacy: int = 0) -> None:
        self.privacy = {"c1": privacy}
        self.withdrawn: set[str] = set()
        self.removed: set[str] = set()
        self.checks = 0
        self.down = False

    async def privacy_versions(self, community_ids: list[str]) -> dict[str, int]:
        if self.down:
            raise ConnectionError("neo4j is restarting")
        return {c: self.privacy.get(c, 0) for c in community_ids}

    def _ref(self, resident_id: str) -> ResidentRef:
        gone = resident_id in self.removed
        return ResidentRef(resident_id, None if gone else "c1", gone, not gone)

    async def resident(self, resident_id: str) -> ResidentRef:
        return self._ref(resident_id)

    async def answer_check(self, resident_id: str, ids: list[str]) -> tuple[ResidentRef, set[str]]:
        self.checks += 1
        if self.down:
            raise ConnectionError("neo4j is restarting")
        return self._ref(resident_id), set(ids) - self.withdrawn - self.removed

    async def still_recommendable(self, ids: list[str]) -> set[str]:
        self.checks += 1
        return set(ids) - self.withdrawn - self.removed

    async def community_exists(self, community_id: str) -> bool:
        return True

    async def unknown_skills(self, tags: list[str]) -> list[str]:
        return []


def world(rw: NS, privacy_version: int = 3) -> Snapshot:
    people = [
        rw.person("me", interests=frozenset({"tai_chi"})),
        rw.person("a", interests=frozenset({"tai_chi"}), skills={"nurse": 4}),
        rw.person("b", interests=frozenset({"tai_chi"}), skills={"cooking": 4}),
        rw.person("shy", interests=frozenset({"tai_chi"}), may_be_recommended=False),
    ]
    ties = {("me", "a"): 1.0, ("a", "b"): 1.0, ("b", "shy"): 1.0}
    return rw.snapshot(people, ties, privacy_version=privacy_version)


def service(rw: NS, graph: Graph, clock: Clock) -> tuple[Recommendations, PrivacyWatch]:
    snap = world(rw)
    cache = SnapshotCache(build_in_thread(lambda c: snap, None), ttl_s=600)
    watch = PrivacyWatch(graph.privacy_versions, cache.communities, max_age_s=0.6, clock=clock)
    recs = Recommendations(graph, cache, RecommendWeights(), privacy=watch)  # type: ignore[arg-type]
    return recs, watch


async def neighbours(recs: Recommendations) -> list[str]:
    return [i.id for i in (await recs.neighbours("me", 10)).answer.items]


async def cached_and_polled(rw: NS) -> tuple[Graph, Clock, Recommendations, PrivacyWatch]:
    """A snapshot at privacy version 3 cached (its first answer checked), then one poll."""
    graph, clock = Graph(privacy=3), Clock()
    recs, watch = service(rw, graph, clock)
    await neighbours(recs)
    await watch.poll()
    return graph, clock, recs, watch


async def test_a_recent_poll_of_the_same_version_skips_the_check(rw: NS) -> None:
    graph, clock = Graph(privacy=3), Clock()
    recs, watch = service(rw, graph, clock)
    assert await neighbours(recs) == ["b"]  # nothing polled yet: checked
    assert graph.checks == 1
    await watch.poll()
    clock.now += 0.5
    assert await neighbours(recs) == ["b"]
    assert graph.checks == 1  # answered from the snapshot alone


async def test_an_opt_out_after_the_snapshot_is_honoured_once_the_poll_sees_it(rw: NS) -> None:
    graph, _, recs, watch = await cached_and_polled(rw)
    graph.withdrawn, graph.privacy["c1"] = {"b"}, 4  # the projector wrote b's opt-out
    await watch.poll()
    assert await neighbours(recs) == []
    assert graph.checks == 2


async def test_an_old_poll_is_not_trusted(rw: NS) -> None:
    graph, clock, recs, _ = await cached_and_polled(rw)
    clock.now += 0.7
    graph.withdrawn = {"b"}  # written after the poll, which is now too old to vouch for it
    assert await neighbours(recs) == []
    assert graph.checks == 2


async def test_a_failed_poll_leaves_the_last_one_to_age_and_answers_are_checked(rw: NS) -> None:
    graph, clock, recs, watch = await cached_and_polled(rw)
    graph.down = True
    clock.now += 1.0
    await watch.poll()  # fails quietly: the versions it had are now too old
    assert not watch.unchanged("c1", 3)
    with pytest.raises(ConnectionError):  # the API answers TEMPORARILY_UNAVAILABLE for it
        await neighbours(recs)


async def test_an_erased_resident_is_refused_once_the_poll_sees_the_erasure(rw: NS) -> None:
    graph, _, recs, watch = await cached_and_polled(rw)
    graph.removed, graph.privacy["c1"] = {"me"}, 4
    await watch.poll()
    with pytest.raises(NotFound):
        await neighbours(recs)


async def test_operator_teams_skip_the_consent_round_trip_only_while_unchanged(rw: NS) -> None:
    graph, _, recs, watch = await cached_and_polled(rw)
    checks = graph.checks
    reqs = [Requirement("nurse", 2), Requirement("cooking", 2)]
    team = (await recs.operators("c1", reqs, 2, [], None, 10)).answer.team
    assert set(team.members) == {"a", "b"} and graph.checks == checks
    graph.withdrawn, graph.privacy["c1"] = {"b"}, 4
    await watch.poll()
    team = (await recs.operators("c1", reqs, 2, [], None, 10)).answer.team
    assert "b" not in team.members and graph.checks > checks


def test_a_community_never_polled_or_at_another_version_is_not_unchanged() -> None:
    clock = Clock()
    watch = PrivacyWatch(Graph().privacy_versions, lambda: ["c1"], clock=clock)
    assert not watch.unchanged("c1", 0)
    assert not watch.unchanged("c2", 0)


async def test_only_the_cached_communities_are_polled() -> None:
    asked: list[list[str]] = []

    async def read(ids: list[str]) -> dict[str, int]:
        asked.append(ids)
        return dict.fromkeys(ids, 7)

    watched: list[str] = []
    watch = PrivacyWatch(read, lambda: watched)
    await watch.poll()
    watched.extend(["c2", "c1"])
    await watch.poll()
    assert asked == [["c1", "c2"]]
    assert watch.unchanged("c2", 7) and not watch.unchanged("c2", 6)
