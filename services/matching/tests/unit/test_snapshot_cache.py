"""The snapshot cache: shared rebuilds, stale-while-refresh, and a TTL that grows with the cost."""

import threading
import time
from types import SimpleNamespace as NS

import anyio
import pytest

from matching.recommend.snapshot import Snapshot
from matching.service_layer.snapshots import Prepared, SnapshotCache, build_in_thread

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Loader:
    """Counts the reads of the graph (made in worker threads); each read takes `seconds`."""

    def __init__(self, rw: NS, seconds: float = 0.0) -> None:
        self.rw, self.seconds, self.loads = rw, seconds, 0
        self.gate: threading.Event | None = None  # when given: reads wait until it is set

    def __call__(self, community_id: str) -> Snapshot:
        self.loads += 1
        n = self.loads
        time.sleep(self.seconds)
        if self.gate is not None and not self.gate.wait(timeout=5):
            raise TimeoutError("the test never opened the gate")
        return self.rw.snapshot([self.rw.person(f"p{n}")])


async def test_concurrent_requests_for_a_fresh_snapshot_share_one_rebuild(rw: NS) -> None:
    load = Loader(rw, seconds=0.05)
    cache = SnapshotCache(build_in_thread(load, None), ttl_s=60)
    await cache.get("c1")
    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(lambda: cache.get("c1", fresh=True))
    assert load.loads == 2  # one build, then one rebuild all five waited for
    got = await cache.get("c1", fresh=True)
    assert load.loads == 3 and "p3" in got.snapshot.people  # asked later: built again


async def test_within_the_ttl_the_snapshot_is_reused(rw: NS) -> None:
    load = Loader(rw)
    cache = SnapshotCache(build_in_thread(load, None), ttl_s=60)
    first = await cache.get("c1")
    assert await cache.get("c1") is first and load.loads == 1


async def test_a_costly_snapshot_is_refreshed_less_often(rw: NS) -> None:
    load = Loader(rw, seconds=0.05)
    cache = SnapshotCache(build_in_thread(load, None), ttl_s=0.01, stale_s=0.01, rebuild_factor=40)
    first = await cache.get("c1")
    assert first.cost_s >= 0.05
    await anyio.sleep(0.03)  # past the TTL, but not past 40 x the cost (2 s)
    assert await cache.get("c1") is first and load.loads == 1


async def test_a_stale_snapshot_is_served_while_a_fresh_one_is_built(rw: NS) -> None:
    load = Loader(rw)
    cache = SnapshotCache(build_in_thread(load, None), ttl_s=0.01, stale_s=60)
    first = await cache.get("c1")
    await anyio.sleep(0.02)
    load.gate = threading.Event()  # the rebuild cannot finish until the gate opens
    with anyio.fail_after(5):
        assert await cache.get("c1") is first  # served at once, not after the rebuild
        assert await cache.get("c1") is first  # and the refresh is not started twice
        load.gate.set()
        while (got := await cache.get("c1")) is first:
            await anyio.sleep(0.01)
    assert load.loads == 2 and "p2" in got.snapshot.people


async def test_only_a_fresh_request_refuses_a_build_already_in_flight(rw: NS) -> None:
    """A shared builder may hand a refresh the build another worker started a moment ago; a
    request that must see the graph as of now asks for one that began after it."""
    asked: list[float | None] = []
    build = build_in_thread(Loader(rw), None)

    async def recording(community_id: str, newer_than: float | None) -> Prepared:
        asked.append(newer_than)
        return await build(community_id, newer_than)

    cache = SnapshotCache(recording, ttl_s=0.01, stale_s=60)
    first = await cache.get("c1")
    await anyio.sleep(0.02)
    assert await cache.get("c1") is first  # stale: served, refreshed in the background
    with anyio.fail_after(5):
        while cache.peek("c1") is first:
            await anyio.sleep(0.01)
    before = time.monotonic()
    await cache.get("c1", fresh=True)
    assert asked[:2] == [None, None]
    assert len(asked) == 3 and asked[2] is not None and asked[2] >= before


def test_a_prepared_snapshot_holds_no_reference_cycles(rw: NS) -> None:
    """The cache freezes snapshots out of the cyclic GC: reference counting alone must free
    a replaced one, with every per-snapshot index built."""
    import gc

    from matching.recommend.weights import RecommendWeights
    from matching.service_layer.snapshots import prepare

    people = [
        rw.person(f"p{i}", skills={"nurse": 3}, interests=frozenset({"tai_chi"})) for i in range(30)
    ]
    ties = {(f"p{i}", f"p{i + 1}"): 1.0 for i in range(29)}
    gc.collect()
    gc.disable()
    try:
        prepared = prepare(rw.snapshot(people, ties), RecommendWeights())
        assert prepared.snapshot.betweenness and prepared.snapshot.memo("interests", dict)
        gc.collect()  # scratch garbage of building it (scikit-learn's vocabulary) is not kept
        del prepared
        assert gc.collect() == 0  # the snapshot itself left nothing for the cyclic collector
    finally:
        gc.enable()


async def test_a_community_nothing_was_written_to_is_not_read_again(rw: NS) -> None:
    load = Loader(rw)
    graph_version = (0, 0)

    async def version(community_id: str) -> tuple[int, int]:
        return graph_version

    cache = SnapshotCache(build_in_thread(load, None), ttl_s=0.01, version=version)
    first = await cache.get("c1")
    await anyio.sleep(0.05)  # past the TTL
    kept = await cache.get("c1")
    assert load.loads == 1 and kept.snapshot is first.snapshot and kept.age_s() < first.age_s()
    graph_version = (1, 0)  # a projected event changed the community
    await anyio.sleep(0.05)
    assert "p2" in (await cache.get("c1")).snapshot.people and load.loads == 2
    assert (await cache.get("c1", fresh=True)).snapshot.people.keys() == {"p3"}  # fresh: always
