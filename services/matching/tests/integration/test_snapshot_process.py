"""The snapshot builder is a child process that stays while builds keep coming and exits when
idle (it holds ~250 MiB after a large community)."""

import os
import time

import anyio
import pytest
from shulin_testkit import unique

from matching.adapters.snapshot_process import SnapshotProcess
from matching.config import Settings

pytestmark = pytest.mark.integration


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_builder_is_reused_then_exits_when_idle() -> None:
    process = SnapshotProcess(Settings(), idle_s=3.0)
    community = unique("c")

    async def two_builds_then_idle() -> tuple[int | None, int | None, int | None]:
        first = await process.build(community)
        child = process.builder_pid()
        started = time.monotonic()
        second = await process.build(community)
        assert time.monotonic() - started < 3.0  # no new child to start: quick
        assert first.snapshot.community_id == second.snapshot.community_id == community
        again = process.builder_pid()
        deadline = time.monotonic() + 20
        while process.builder_pid() is not None and time.monotonic() < deadline:
            await anyio.sleep(0.2)
        return child, again, process.builder_pid()

    try:
        child, again, after_idle = anyio.run(two_builds_then_idle)
    finally:
        process.close()
    assert child is not None and again == child and after_idle is None
    deadline = time.monotonic() + 20
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(child)
