"""The snapshot builder shared by the API's workers: one build for workers that ask together, a
new one for data newer than the build in flight, failures passed on, nothing heavy imported."""

import asyncio
import pickle
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from matching.adapters.snapshot_broker import (
    SharedSnapshotBuilder,
    SnapshotBroker,
    SnapshotBuildFailed,
)
from matching.domain.errors import GraphUnavailable
from matching.service_layer.snapshots import prepare

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Builder:
    """Counts builds; each waits for `gate` (when given) and returns `result` or raises it."""

    def __init__(self, result: bytes | Exception = b"snapshot") -> None:
        self.result, self.builds = result, 0
        self.gate: asyncio.Event | None = None

    async def __call__(self, community_id: str) -> bytes:
        self.builds += 1
        number = self.builds
        if self.gate is not None:
            await asyncio.wait_for(self.gate.wait(), timeout=5)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result + f" {community_id} #{number}".encode()


async def test_workers_asking_together_share_one_build() -> None:
    builder = Builder()
    builder.gate = asyncio.Event()
    broker = SnapshotBroker(builder)
    asked = [asyncio.create_task(broker.snapshot("c1", None)) for _ in range(2)]
    await asyncio.sleep(0.01)
    builder.gate.set()
    first, second = await asyncio.gather(*asked)
    assert builder.builds == 1 and first == second and first[1] == b"snapshot c1 #1"


async def test_data_newer_than_the_build_in_flight_gets_its_own_build() -> None:
    builder = Builder()
    builder.gate = asyncio.Event()
    broker = SnapshotBroker(builder)
    older = asyncio.create_task(broker.snapshot("c1", None))
    await asyncio.sleep(0.01)
    asked_at = time.monotonic()
    newer = asyncio.create_task(broker.snapshot("c1", asked_at))
    also_newer = asyncio.create_task(broker.snapshot("c1", asked_at))
    await asyncio.sleep(0.01)
    builder.gate.set()
    (old_start, old), (new_start, new), (_, also) = await asyncio.gather(older, newer, also_newer)
    assert builder.builds == 2 and old != new == also
    assert old_start < asked_at <= new_start


async def test_builds_of_different_communities_are_not_shared() -> None:
    builder = Builder()
    broker = SnapshotBroker(builder)
    one, two = await asyncio.gather(broker.snapshot("c1", None), broker.snapshot("c2", None))
    assert builder.builds == 2 and one[1] != two[1]


async def test_a_finished_build_is_not_reused() -> None:
    """Only builds in flight are shared: a later request reads the graph again."""
    builder = Builder()
    broker = SnapshotBroker(builder)
    await broker.snapshot("c1", None)
    await broker.snapshot("c1", None)
    assert builder.builds == 2


async def test_a_worker_that_hangs_up_does_not_cancel_the_build_others_wait_for() -> None:
    builder = Builder()
    builder.gate = asyncio.Event()
    broker = SnapshotBroker(builder)
    leaving = asyncio.create_task(broker.snapshot("c1", None))
    staying = asyncio.create_task(broker.snapshot("c1", None))
    await asyncio.sleep(0.01)
    leaving.cancel()
    builder.gate.set()
    assert (await staying)[1] == b"snapshot c1 #1"


async def test_a_failed_build_reaches_every_waiter_and_the_next_request_builds_again() -> None:
    builder = Builder(GraphUnavailable())
    broker = SnapshotBroker(builder)
    results = await asyncio.gather(
        broker.snapshot("c1", None), broker.snapshot("c1", None), return_exceptions=True
    )
    assert all(isinstance(r, GraphUnavailable) for r in results) and builder.builds == 1
    builder.result = b"snapshot"
    assert (await broker.snapshot("c1", None))[1] == b"snapshot c1 #2"


@pytest.fixture
async def failing_broker(tmp_path: Path) -> AsyncIterator[tuple[Path, Builder]]:
    """A broker listening on a Unix socket, as the supervisor runs it."""
    builder = Builder()
    path = tmp_path / "builder.sock"
    server = await asyncio.start_unix_server(SnapshotBroker(builder).answer, path=path)
    try:
        yield path, builder
    finally:
        server.close()


async def test_a_worker_gets_the_snapshot_as_built_with_when_its_reading_began(
    tmp_path: Path, rw: NS
) -> None:
    prepared = prepare(rw.snapshot([rw.person("p1"), rw.person("p2")]))
    builds: list[str] = []

    async def pickled(community_id: str) -> bytes:
        builds.append(community_id)
        return pickle.dumps(prepared)

    path = tmp_path / "builder.sock"
    server = await asyncio.start_unix_server(SnapshotBroker(pickled).answer, path=path)
    asked_at = time.monotonic()
    try:
        got = await SharedSnapshotBuilder(str(path)).build("c1", asked_at)
    finally:
        server.close()
    assert set(got.snapshot.people) == {"p1", "p2"} and builds == ["c1"]
    assert asked_at <= got.started_at <= time.monotonic()


@pytest.mark.parametrize(
    ("failure", "raised"),
    [(GraphUnavailable(), GraphUnavailable), (ValueError("a bug"), SnapshotBuildFailed)],
)
async def test_a_worker_is_told_why_the_build_failed(
    failing_broker: tuple[Path, Builder], failure: Exception, raised: type[Exception]
) -> None:
    path, builder = failing_broker
    builder.result = failure
    with pytest.raises(raised):
        await SharedSnapshotBuilder(str(path)).build("c1")


async def test_an_unreachable_builder_is_a_temporarily_unavailable_graph(tmp_path: Path) -> None:
    with pytest.raises(GraphUnavailable):
        await SharedSnapshotBuilder(str(tmp_path / "nobody.sock")).build("c1")


def test_the_supervisor_imports_nothing_heavy() -> None:
    """It runs the broker for its workers; numpy, scikit-learn or the driver would add ~130 MiB."""
    code = (
        "import sys, matching.__main__, matching.adapters.snapshot_broker, "
        "matching.entrypoints.worker, shulin_kit.serving; "
        "print(sorted(m for m in ('numpy', 'scipy', 'sklearn', 'networkx', 'neo4j', "
        "'strawberry', 'fastapi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
