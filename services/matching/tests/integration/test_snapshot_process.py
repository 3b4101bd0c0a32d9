"""The snapshot builder is a child process that stays while builds keep coming and exits when
idle (it holds ~250 MiB after a large community)."""

import multiprocessing
import time

import anyio
import pytest
from shulin_testkit import unique

from matching.adapters.snapshot_process import SnapshotProcess
from matching.config import Settings

pytestmark = pytest.mark.integration


def builders() -> int:
    return len(multiprocessing.active_children())


def test_the_builder_is_reused_then_exits_when_idle() -> None:
    before = builders()
    process = SnapshotProcess(Settings(), idle_s=3.0)
    community = unique("c")

    async def two_builds_then_idle() -> list[int]:
        seen = []
        first = await process.build(community)
        seen.append(builders() - before)
        started = time.monotonic()
        second = await process.build(community)
        seen.append(builders() - before)
        assert first.snapshot.community_id == second.snapshot.community_id == community
        assert time.monotonic() - started < 3.0  # no new child to start: quick
        deadline = time.monotonic() + 20
        while builders() > before and time.monotonic() < deadline:
            await anyio.sleep(0.2)
        seen.append(builders() - before)
        return seen

    try:
        assert anyio.run(two_builds_then_idle) == [1, 1, 0]
    finally:
        process.close()
