"""Session fixtures for tests that need the real servers (Neo4j, Kafka) or the whole stack.

Servers are started once per test session, only if they are not already running, and only
what this session started is stopped at its end. Unit tests use none of these fixtures.
"""

import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase
from shulin_testkit import KAFKA, end_offsets, start_group_at

from shulin_events import ACTIVITIES_TOPIC, RESIDENTS_TOPIC

ROOT = Path(__file__).resolve().parent
INFRA = ROOT / "infra"
NEO4J_AUTH = ("neo4j", os.environ.get("NEO4J_PASSWORD", "shulin-dev-password"))

# Ports follow infra/env.sh, so a second checkout can test beside the first on other ports, e.g.
# NEO4J_BOLT_PORT=27687 KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 SHULIN_TEST_PORT_BASE=28000.
NEO4J_PORT = int(os.environ.get("NEO4J_BOLT_PORT", "7687"))
KAFKA_PORT = int(os.environ.get("KAFKA_PORT", "9092"))
STACK_PORT_BASE = int(os.environ.get("SHULIN_TEST_PORT_BASE", "18000"))
NEO4J_URI = f"bolt://127.0.0.1:{NEO4J_PORT}"
# Services built in-process by the tests read these (pydantic-settings) instead of their defaults.
for _service in ("RESIDENTS", "ACTIVITIES", "MATCHING"):
    os.environ.setdefault(f"{_service}_KAFKA_BOOTSTRAP", KAFKA)
os.environ.setdefault("MATCHING_NEO4J_URI", NEO4J_URI)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _run(*args: str, env: dict[str, str] | None = None, timeout: int = 900) -> None:
    subprocess.run(args, check=True, timeout=timeout, env={**os.environ, **(env or {})})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that stop a server run after the others, so a failure there cannot disturb them;
    tests that flood the shared topics with a large history run last of all, so the end-to-end
    stack's consumers never have to wade through it while a test waits on them."""

    def order(item: pytest.Item) -> int:
        if item.get_closest_marker("heavy") is not None:
            return 2
        return 1 if item.get_closest_marker("disruptive") is not None else 0

    items.sort(key=order)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "disruptive: stops and restarts a shared server")
    config.addinivalue_line("markers", "heavy: publishes a large history into the shared topics")


@pytest.fixture(scope="session")
def servers() -> Iterator[None]:
    """Neo4j (Bolt 127.0.0.1:7687) and Kafka (127.0.0.1:9092, with the project's topics)."""
    ports = (("neo4j", NEO4J_PORT), ("kafka", KAFKA_PORT))
    started = [name for name, port in ports if not _port_open(port)]
    for name in started:
        _run(str(INFRA / "up"), name)
    yield
    for name in reversed(started):
        _run(str(INFRA / "down"), name, timeout=120)


@pytest.fixture(scope="session")
def neo4j(servers: None) -> Iterator[Driver]:
    driver = GraphDatabase.driver(NEO4J_URI, auth=NEO4J_AUTH)
    driver.verify_connectivity()
    yield driver
    driver.close()


@dataclass(frozen=True)
class Stack:
    gateway: str
    residents: str
    activities: str
    matching: str
    console: str
    var: Path
    consumer_group: str
    read_model_group: str

    def env(self) -> dict[str, str]:
        return {
            "SHULIN_VAR": str(self.var),
            "RESIDENTS_PORT": self.residents.rsplit(":", 1)[1].split("/")[0],
            "ACTIVITIES_PORT": self.activities.rsplit(":", 1)[1].split("/")[0],
            "MATCHING_PORT": self.matching.rsplit(":", 1)[1].split("/")[0],
            "GATEWAY_PORT": self.gateway.rsplit(":", 1)[1].split("/")[0],
            "CONSOLE_PORT": self.console.rsplit(":", 1)[1].split("/")[0],
            "MATCHING_CONSUMER_GROUP": self.consumer_group,
            "ACTIVITIES_READ_MODEL_GROUP": self.read_model_group,
        }


@pytest.fixture(scope="session")
def stack(servers: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A whole stack of its own (own ports, databases and consumer group) beside any demo."""
    var = tmp_path_factory.mktemp("stack-var")
    s = Stack(
        gateway=f"http://127.0.0.1:{STACK_PORT_BASE + 4}/graphql",
        residents=f"http://127.0.0.1:{STACK_PORT_BASE + 1}/graphql",
        activities=f"http://127.0.0.1:{STACK_PORT_BASE + 2}/graphql",
        matching=f"http://127.0.0.1:{STACK_PORT_BASE + 3}/graphql",
        console=f"http://127.0.0.1:{STACK_PORT_BASE + 5}/",
        var=var,
        consumer_group=f"matching-e2e-{uuid.uuid4().hex[:8]}",
        read_model_group=f"activities-view-e2e-{uuid.uuid4().hex[:8]}",
    )
    # The stack's consumers start at the topics' current end: they read only this session's events.
    start_group_at(s.consumer_group, end_offsets([RESIDENTS_TOPIC, ACTIVITIES_TOPIC]))
    start_group_at(s.read_model_group, end_offsets([RESIDENTS_TOPIC]))
    try:
        _run(str(INFRA / "stack"), "up", env=s.env(), timeout=600)
        yield s
    finally:
        _run(str(INFRA / "stack"), "down", env=s.env(), timeout=120)
