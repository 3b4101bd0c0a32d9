"""Snapshots built in a separate process, so the API's interpreter keeps answering meanwhile.

Reading and preparing a 20,000-resident community is ~2.3 s of Python CPU. In the API process
that time is taken from requests (one interpreter lock): every rebuild showed up as a latency
spike. A child process does the work on another core with its own Neo4j driver; the API only
unpickles the result (~0.4 s at 20,000 residents, in a helper thread).

This module imports nothing heavy (no driver, numpy or scikit-learn): the API's supervisor
runs a `SnapshotProcess` for its workers (`snapshot_broker`), and stays small. The child
imports them in `snapshot_child`.
"""

import asyncio
import dataclasses
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, TypeVar

from matching.config import Settings
from matching.domain.errors import GraphUnavailable

if TYPE_CHECKING:
    from matching.service_layer.snapshots import Prepared

T = TypeVar("T")


class SnapshotReadFailed(Exception):
    """The child could not read the graph (raised instead of driver errors, which may not
    survive pickling)."""


def _start_child(settings: Settings) -> None:
    from matching.adapters import snapshot_child

    snapshot_child.start(settings)


def _build_in_child(community_id: str) -> "Prepared":
    from matching.adapters import snapshot_child

    return snapshot_child.build(community_id)


def _build_pickled_in_child(community_id: str) -> bytes:
    from matching.adapters import snapshot_child

    return snapshot_child.build_pickled(community_id)


class SnapshotProcess:
    """A child process that reads and prepares snapshots, one at a time.

    The child exits after `idle_s` without a build: after preparing a 20,000-resident
    community it idles at ~210 MiB, most of it the libraries it imported, and a quiet community
    (no writes: its snapshot is kept, not rebuilt) needs no builder. Starting one takes seconds
    (6–7 s to a first snapshot on the 2-core benchmark machine: numpy, scipy, scikit-learn and
    the driver to import), so one that builds every half minute stays.
    """

    def __init__(self, settings: Settings, idle_s: float = 120.0) -> None:
        self._settings = settings
        self._idle_s = idle_s
        self._pool: ProcessPoolExecutor | None = None
        self._waiting = 0
        self._idle_timer: asyncio.TimerHandle | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_child,
            initargs=(self._settings,),
        )

    async def build(self, community_id: str, newer_than: float | None = None) -> "Prepared":
        """The community's snapshot, read after this call (so `newer_than`, part of the `Build`
        signature for builders shared by processes, is always met)."""
        started = time.monotonic()
        prepared = await self._run(_build_in_child, community_id)
        return dataclasses.replace(prepared, started_at=started)

    async def build_pickled(self, community_id: str) -> bytes:
        """The snapshot as the child pickled it: passed on to other processes unopened."""
        return await self._run(_build_pickled_in_child, community_id)

    async def _run(self, build: Callable[[str], T], community_id: str) -> T:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self._pool is None:
            self._pool = self._new_pool()
        self._waiting += 1
        try:
            return await asyncio.wrap_future(self._pool.submit(build, community_id))
        except SnapshotReadFailed:
            raise GraphUnavailable() from None
        except BrokenProcessPool:  # the child died (killed, out of memory): start another
            self.close()
            raise GraphUnavailable() from None
        finally:
            self._waiting -= 1
            if self._waiting == 0 and self._pool is not None:
                loop = asyncio.get_running_loop()
                self._idle_timer = loop.call_later(self._idle_s, self._stop_if_idle)

    def builder_pid(self) -> int | None:
        """The child's process id while it runs (None: no child now)."""
        if self._pool is None:
            return None
        return next(iter(self._pool._processes or {}), None)  # no public accessor

    def _stop_if_idle(self) -> None:
        self._idle_timer = None
        if self._waiting == 0:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
