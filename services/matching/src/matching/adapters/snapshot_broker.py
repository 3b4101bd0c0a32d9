"""One snapshot builder for all the matching API's worker processes.

Each worker had its own builder child (~210 MiB while alive, most of it numpy, scipy and
scikit-learn) and read and prepared every snapshot itself: with two workers, twice the memory
and twice the reading of Neo4j for the same community. Now the supervisor runs one builder
(`SnapshotBroker`, on a Unix socket in a private directory) and the workers ask it
(`SharedSnapshotBuilder`). A request for a community already being built waits for that build
when it is fresh enough, so workers that ask together are served by one build.

The snapshot travels pickled, as the child made it: the supervisor never unpickles it (nor
imports what that would need). The socket is reachable only by this user, who also runs the
workers that unpickle what it sends.
"""

import asyncio
import dataclasses
import json
import logging
import os
import pickle
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from matching.adapters.snapshot_process import SnapshotProcess
from matching.config import Settings
from matching.domain.errors import GraphUnavailable

if TYPE_CHECKING:
    from matching.service_layer.snapshots import Prepared

log = logging.getLogger(__name__)


class SnapshotBuildFailed(Exception):
    """The shared builder failed for another reason than an unreachable graph (a bug: its log
    says more)."""


@dataclass(frozen=True)
class _Build:
    started_at: float  # monotonic, when it was asked of the builder: reading began no earlier
    pickled: "asyncio.Future[bytes]"


class SnapshotBroker:
    """Builds snapshots for the workers; concurrent requests share a build that is fresh enough."""

    def __init__(self, build_pickled: Callable[[str], Awaitable[bytes]]) -> None:
        self._build_pickled = build_pickled
        self._in_flight: dict[str, _Build] = {}

    async def snapshot(self, community_id: str, newer_than: float | None) -> tuple[float, bytes]:
        """The pickled snapshot and when its reading began (no earlier than `newer_than`)."""
        build = self._in_flight.get(community_id)
        if build is None or (newer_than is not None and build.started_at < newer_than):
            build = _Build(
                time.monotonic(), asyncio.ensure_future(self._build_pickled(community_id))
            )
            self._in_flight[community_id] = build
            build.pickled.add_done_callback(lambda _: self._finished(community_id, build))
        # shielded: a worker that hangs up does not cancel the build others wait for
        return build.started_at, await asyncio.shield(build.pickled)

    def _finished(self, community_id: str, build: _Build) -> None:
        if self._in_flight.get(community_id) is build:
            del self._in_flight[community_id]
        if not build.pickled.cancelled():
            build.pickled.exception()  # retrieved: each waiter got it already

    async def answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One request per connection: a JSON line in; a JSON header line, then the snapshot."""
        try:
            request = json.loads(await reader.readline())
            community_id, newer_than = str(request["community_id"]), request.get("newer_than")
            try:
                started_at, pickled = await self.snapshot(community_id, newer_than)
            except GraphUnavailable:
                writer.write(_header({"ok": False, "unavailable": True}))
            except Exception as exc:
                log.exception("building the snapshot of %s failed", community_id)
                writer.write(_header({"ok": False, "error": f"{type(exc).__name__}: {exc}"}))
            else:
                writer.write(_header({"ok": True, "started_at": started_at, "size": len(pickled)}))
                writer.write(pickled)
            await writer.drain()
        except (ConnectionError, ValueError, KeyError, TypeError) as exc:
            log.warning("a snapshot request was dropped: %s", exc)
        finally:
            writer.close()


def _header(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields).encode() + b"\n"


class SharedSnapshotBuilder:
    """A worker's `Build`: asks the supervisor's broker, in a helper thread (waiting for and
    unpickling a large community's snapshot takes seconds)."""

    def __init__(self, path: str, timeout_s: float = 300.0) -> None:
        self._path = path
        self._timeout_s = timeout_s

    async def build(self, community_id: str, newer_than: float | None = None) -> "Prepared":
        return await anyio.to_thread.run_sync(self._fetch, community_id, newer_than)

    def _fetch(self, community_id: str, newer_than: float | None) -> "Prepared":
        request = {"community_id": community_id, "newer_than": newer_than}
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(self._timeout_s)
                sock.connect(self._path)
                sock.sendall(_header(request))
                with sock.makefile("rb") as stream:
                    header = json.loads(stream.readline())
                    # read into one buffer of the right size: a growing one would take twice
                    # the snapshot's size, kept by the allocator after it is freed
                    pickled = bytearray(header["size"] if header["ok"] else 0)
                    if stream.readinto(pickled) != len(pickled):
                        raise ConnectionError("the snapshot was cut short")
        except (OSError, ValueError, KeyError):
            log.warning("no snapshot of %s from the shared builder", community_id, exc_info=True)
            raise GraphUnavailable() from None
        if not header["ok"]:
            if header.get("unavailable"):
                raise GraphUnavailable()
            raise SnapshotBuildFailed(header.get("error", "unknown"))
        prepared: Prepared = pickle.loads(pickled)
        return dataclasses.replace(prepared, started_at=header["started_at"])


@contextmanager
def running_snapshot_broker(settings: Settings) -> Iterator[str]:
    """Run the broker on its own event loop in a thread of this process; yields its socket."""
    directory = tempfile.mkdtemp(prefix="shulin-snapshots-")  # mode 0700: this user only
    path = os.path.join(directory, "builder.sock")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="snapshot-broker", daemon=True)
    thread.start()
    process = SnapshotProcess(settings, settings.snapshot_builder_idle_s)

    async def start() -> asyncio.Server:
        return await asyncio.start_unix_server(
            SnapshotBroker(process.build_pickled).answer, path=path
        )

    async def stop(server: asyncio.Server) -> None:
        server.close()
        process.close()

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        yield path
    finally:
        asyncio.run_coroutine_threadsafe(stop(server), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)
