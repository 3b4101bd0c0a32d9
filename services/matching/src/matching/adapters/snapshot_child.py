"""What runs in the snapshot-building child process: its own Neo4j driver, reading and
preparing one community at a time."""

import pickle

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from matching.adapters.graph.snapshot_reader import SnapshotReader
from matching.adapters.snapshot_process import SnapshotReadFailed
from matching.config import Settings
from matching.service_layer.snapshots import Prepared, prepare

_child: tuple[Settings, Driver] | None = None


def start(settings: Settings) -> None:
    global _child
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    driver = GraphDatabase.driver(
        settings.neo4j_uri,
        auth=auth,
        connection_timeout=3,
        max_transaction_retry_time=settings.neo4j_read_retry_s,
    )
    _child = (settings, driver)


def build(community_id: str) -> Prepared:
    assert _child is not None, "the process pool's initializer did not run"
    settings, driver = _child
    try:
        snapshot = SnapshotReader(driver, settings.neo4j_database).snapshot(community_id)
    except (DriverError, Neo4jError, OSError) as exc:
        raise SnapshotReadFailed(f"{type(exc).__name__}: {exc}") from None
    return prepare(snapshot, settings.recommend)


def build_pickled(community_id: str) -> bytes:
    return pickle.dumps(build(community_id), protocol=pickle.HIGHEST_PROTOCOL)
