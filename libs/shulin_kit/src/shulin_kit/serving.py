"""Serve an ASGI app with uvicorn: in this process, or in N worker processes on one port.

Workers each bind their own listening socket with SO_REUSEPORT, so the kernel spreads new
connections over them; the gateway rotates its requests over its kept-alive connections
(gateway.config.ts), and a worker with requests queuing asks clients to reconnect, so the load
evens out. Each worker is a whole app with its own lifespan (its own Neo4j driver and caches).
"""

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event as EventType

    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

# The gateway keeps connections to the subgraphs open between requests. If a subgraph closed an
# idle one just as the gateway reused it, that request failed ("socket hang up"): so subgraphs
# keep idle connections longer than the gateway does.
KEEP_ALIVE_S = 75

AppFactory = Callable[[], "ASGIApp"]


def serve(app_factory: AppFactory, host: str, port: int, workers: int = 1) -> None:
    """Run the app from `app_factory` (importable at module level when `workers` > 1)."""
    if workers <= 1:
        _run(app_factory(), host, port, sockets=None)
        return
    _Supervisor(app_factory, host, port, workers).run()


def _run(app: "ASGIApp", host: str, port: int, sockets: list[socket.socket] | None) -> None:
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_config=None, timeout_keep_alive=KEEP_ALIVE_S
    )
    uvicorn.Server(config).run(sockets=sockets)


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A listening socket that other workers can bind to the same address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


# A worker with more requests than this in flight when it answers asks that client to reconnect.
BUSY_IN_FLIGHT = 2


class ShedConnectionsWhenBusy:
    """ASGI middleware: a busy worker closes the connection it answers on (`connection: close`).

    The kernel places each connection on a worker once, at random; a worker that drew more of
    the gateway's kept-alive connections got more of its requests and queued them while the
    other idled. Closing a connection when requests are queuing here makes the client open a new
    one, which lands on either worker: connections drift away from the busy worker until the
    load is even, at one loopback handshake each.
    """

    def __init__(self, app: "ASGIApp", busy: int = BUSY_IN_FLIGHT) -> None:
        self.app = app
        self._busy = busy
        self._in_flight = 0

    async def __call__(self, scope: "Scope", receive: "Receive", send: "Send") -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_maybe_closing(message: "Message") -> None:
            if message["type"] == "http.response.start" and self._in_flight > self._busy:
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        self._in_flight += 1
        try:
            await self.app(scope, receive, send_maybe_closing)
        finally:
            self._in_flight -= 1


def _worker(app_factory: AppFactory, host: str, port: int, ready: "EventType") -> None:
    sock = reuse_port_socket(host, port)
    app = ShedConnectionsWhenBusy(app_factory())
    _stop_when_orphaned()
    ready.set()
    _run(app, host, port, sockets=[sock])


def _stop_when_orphaned() -> None:
    """If the supervisor dies without stopping us (SIGKILL), stop as it would have (SIGTERM),
    rather than keep serving the port unsupervised."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()


class _Worker(NamedTuple):
    process: BaseProcess
    ready: "EventType"  # set once the worker has its socket and its app

    def failed_to_start(self) -> bool:
        """It exited by itself (port taken, bad settings) before it could serve."""
        code = self.process.exitcode
        return code is not None and code >= 0 and not self.ready.is_set()


class _Supervisor:
    """Starts the workers, replaces one that dies, stops them all on SIGINT or SIGTERM.

    A worker that exits before it could serve is not replaced: the same cause would stop the
    next one, so the server stops and says why instead of restarting in a loop.
    """

    def __init__(self, app_factory: AppFactory, host: str, port: int, workers: int) -> None:
        self._args = (app_factory, host, port)
        self._count = workers
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._stopping = False

    def run(self) -> None:
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        self._workers = [self._start() for _ in range(self._count)]
        failed = False
        while not self._stopping:
            time.sleep(0.5)
            for i, worker in enumerate(self._workers):
                if worker.process.is_alive() or self._stopping:
                    continue
                pid, code = worker.process.pid, worker.process.exitcode
                if worker.failed_to_start():
                    log.error("worker %s exited before serving (code %s); stopping", pid, code)
                    failed = self._stopping = True
                    break
                log.warning("worker %s exited (code %s); starting another", pid, code)
                self._workers[i] = self._start()
        self._terminate()
        if failed:
            raise SystemExit(1)

    def _start(self) -> _Worker:
        ready = self._context.Event()
        process = self._context.Process(target=_worker, args=(*self._args, ready))
        process.start()
        return _Worker(process, ready)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True

    def _terminate(self) -> None:
        for worker in self._workers:
            if worker.process.is_alive() and worker.process.pid is not None:
                os.kill(worker.process.pid, signal.SIGTERM)  # uvicorn ends requests in flight
        for worker in self._workers:
            worker.process.join(timeout=30)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
