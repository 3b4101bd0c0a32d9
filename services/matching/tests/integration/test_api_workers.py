"""The matching API on two worker processes: one snapshot builder, the supervisor's, serves both."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver
from shulin_testkit import unique

from matching.adapters.graph import GraphRepository
from matching.domain.ties import TieRules
from matching.service_layer.projection import project
from shulin_events import new_envelope
from shulin_events import schemas as ev
from shulin_kit.tokens import admin_headers

pytestmark = pytest.mark.integration

NEIGHBOURS = "query($r: ID!) { neighboursToMeet(residentId: $r) { items { resident { id } } } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


@pytest.fixture
def street(neo4j: Driver) -> tuple[str, list[str]]:
    """Three residents of one building: one friendship, and a neighbour of the friend."""
    c, building = unique("c"), unique("b")
    me, friend, fof = (unique(n) for n in ("me", "friend", "fof"))
    events = [
        new_envelope(ev.CommunityRegistered(community_id=c, name="南湖社区"), c),
        new_envelope(
            ev.BuildingAdded(building_id=building, community_id=c, name="1栋", floors=6), c
        ),
        *(
            new_envelope(
                ev.ResidentRegistered(resident_id=r, community_id=c, building_id=building),
                c,
            )
            for r in (me, friend, fof)
        ),
        *(
            new_envelope(kind(community_id=c, from_resident_id=a, to_resident_id=b), c)
            for a, b in ((me, friend), (friend, fof))
            for kind in (ev.AcquaintanceDeclared, ev.AcquaintanceConfirmed)
        ),
    ]
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    graph.write(lambda w: project(w, events, TieRules()))
    return me, [fof]


@pytest.fixture
def two_workers() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    env = {
        **os.environ,
        "MATCHING_PORT": str(port),
        "MATCHING_WORKERS": "2",
        "MATCHING_SNAPSHOT_WARM_COMMUNITIES": "0",
        "MATCHING_ENV": "test",
    }
    server = subprocess.Popen([sys.executable, "-m", "matching", "api"], env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        yield server, port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def test_both_workers_are_served_by_the_supervisors_one_builder(
    street: tuple[str, list[str]], two_workers: tuple[subprocess.Popen[bytes], int]
) -> None:
    me, expected = street
    server, port = two_workers
    workers = [p for p in children(server.pid) if "spawn_main" in command_line(p)]
    assert len(workers) == 2
    for _ in range(24):  # each on a new connection: the kernel places it on either worker
        with httpx.Client(headers=admin_headers(), timeout=60) as client:
            body = client.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": NEIGHBOURS, "variables": {"r": me}},
            ).json()
        assert "errors" not in body, body
        assert [i["resident"]["id"] for i in body["data"]["neighboursToMeet"]["items"]] == expected
    builders = [
        p for p in children(server.pid) if p not in workers and "spawn_main" in command_line(p)
    ]
    assert len(builders) == 1
    assert all(not children(w) for w in workers)  # no worker has a builder of its own
