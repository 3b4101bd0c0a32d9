"""Several worker processes share one port; the supervisor restarts a dead one and stops them all."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from shulin_kit.serving import ShedConnectionsWhenBusy, reuse_port_socket

APP = textwrap.dedent(
    """
    import os
    from fastapi import FastAPI

    def app() -> FastAPI:
        api = FastAPI()

        @api.get("/pid")
        async def pid() -> int:
            return os.getpid()

        return api
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pids_answering(port: int, requests: int = 60) -> set[int]:
    """Each request on a new connection, as the kernel places new connections."""
    seen = set()
    for _ in range(requests):
        with httpx.Client() as client:
            seen.add(client.get(f"http://127.0.0.1:{port}/pid").json())
    return seen


def wait_until_answering(port: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/pid", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port}")


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    (tmp_path / "pid_app.py").write_text(APP)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    code = f"from pid_app import app; from shulin_kit.serving import serve; serve(app, '127.0.0.1', {port}, 2)"
    server = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        wait_until_answering(port)
        yield server, port
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=60)


def test_sockets_with_reuse_port_share_an_address() -> None:
    port = free_port()
    first = reuse_port_socket("127.0.0.1", port)
    second = reuse_port_socket("127.0.0.1", port)
    first.close()
    second.close()


def test_both_workers_answer_on_one_port(two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    server, port = two_workers
    workers = pids_answering(port)
    assert len(workers) == 2
    assert server.pid not in workers


def test_a_killed_worker_is_replaced(two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    _, port = two_workers
    before = pids_answering(port)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 60
    after: set[int] = set()
    while time.monotonic() < deadline:
        after = pids_answering(port, 20)
        if len(after) == 2 and victim not in after:
            break
        time.sleep(0.5)
    assert len(after) == 2 and victim not in after


def test_sigterm_stops_every_worker(two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    server, port = two_workers
    workers = pids_answering(port)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=60) == 0
    assert not any(alive(pid) for pid in workers)
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/pid", timeout=1)


def test_workers_stop_when_the_supervisor_is_killed(
    two_workers: tuple[subprocess.Popen[bytes], int],
) -> None:
    server, port = two_workers
    workers = pids_answering(port)
    server.kill()
    server.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # an exited child of the killed supervisor lingers as a zombie until init reaps it
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_a_worker_that_cannot_start_stops_the_server(tmp_path: Path) -> None:
    port = free_port()
    taken = socket.socket()  # bound without SO_REUSEPORT: the workers cannot share it
    taken.bind(("127.0.0.1", port))
    taken.listen()
    try:
        (tmp_path / "pid_app.py").write_text(APP)
        env = {**os.environ, "PYTHONPATH": str(tmp_path)}
        code = f"from pid_app import app; from shulin_kit.serving import serve; serve(app, '127.0.0.1', {port}, 2)"
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, timeout=60, capture_output=True
        )
        assert done.returncode == 1
    finally:
        taken.close()


async def _answered_headers(app: ShedConnectionsWhenBusy, gate: asyncio.Event) -> list[bytes]:
    """Start four requests that wait at `gate`, open it, collect each `connection` header."""
    closing: list[bytes] = []

    async def one() -> None:
        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                closing.append(dict(message["headers"]).get(b"connection", b""))

        await app({"type": "http", "headers": []}, receive, send)

    async def release_later() -> None:
        await asyncio.sleep(0.05)
        gate.set()

    await asyncio.gather(one(), one(), one(), one(), release_later())
    return closing


def test_a_busy_worker_asks_clients_to_reconnect() -> None:
    gate = asyncio.Event()

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        await gate.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = ShedConnectionsWhenBusy(slow_app, busy=2)
    closing = asyncio.run(_answered_headers(app, gate))
    # four in flight: the first two answered while more than two were in flight close
    assert closing == [b"close", b"close", b"", b""]
    assert app._in_flight == 0


def test_an_idle_worker_keeps_connections() -> None:
    gate = asyncio.Event()
    gate.set()

    async def quick_app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = ShedConnectionsWhenBusy(quick_app, busy=2)
    closing = asyncio.run(_answered_headers(app, gate))
    assert closing == [b"", b"", b"", b""]
