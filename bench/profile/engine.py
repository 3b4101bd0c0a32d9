"""The recommenders' time per request kind on the bench snapshot, with no server and no Neo4j.

    .venv/bin/python -m bench.profile.engine save
    .venv/bin/python -m bench.profile.engine run ANSWERS [N] [KIND]

`save` reads the bench community's snapshot from Neo4j (after `bench.ingest`) and pickles it with
the bench's requests to var/profile/snapshot.pkl. `run` answers the first N requests (default
2,000; only those of KIND if given) on it, writes every answer to ANSWERS (so two versions of
the code can be compared answer by answer) and prints the mean and p95 per kind, in ms.
"""

import pickle
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.compute import answer
from bench.scenario import requests_for
from matching.config import Settings

SAVED = Path(__file__).resolve().parents[2] / "var" / "profile" / "snapshot.pkl"


def save() -> None:
    from neo4j import GraphDatabase

    from matching.adapters.graph.snapshot_reader import SnapshotReader
    from shulin_cli.generator import generate_community, preset

    settings = Settings()
    plan = generate_community(preset("bench"), 7)
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        snapshot = SnapshotReader(driver, settings.neo4j_database).snapshot(plan.id)
    SAVED.parent.mkdir(parents=True, exist_ok=True)
    SAVED.write_bytes(pickle.dumps((snapshot, requests_for(plan))))
    print(f"saved {len(snapshot.people)} residents to {SAVED}")


def run(answers: Path, n: int, kind: str | None) -> None:
    from matching.service_layer.snapshots import prepare

    snapshot, requests = pickle.loads(SAVED.read_bytes())
    settings = Settings()
    started = time.perf_counter()
    prepared = prepare(snapshot, settings.recommend)
    print(f"prepare {time.perf_counter() - started:.2f} s")
    chosen = [r for r in requests if kind is None or r["kind"] == kind][:n]
    times: defaultdict[str, list[float]] = defaultdict(list)
    lines = []
    for request in chosen:
        started = time.perf_counter()
        got = answer(prepared, request, settings)
        times[request["kind"]].append(1000 * (time.perf_counter() - started))
        lines.append(f"{request['kind']} {request['variables']}: {got!r}")
    answers.write_text("\n".join(lines) + "\n")
    for name, ms in sorted(times.items()):
        ms.sort()
        p95 = ms[int(0.95 * (len(ms) - 1))]
        print(f"{name:26s} n={len(ms):5d} mean {statistics.mean(ms):7.2f} p95 {p95:7.2f}")
    print(f"mean {statistics.mean(x for ms in times.values() for x in ms):.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["save"]:
        save()
    elif sys.argv[1:2] == ["run"] and len(sys.argv) > 2:
        count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
        run(Path(sys.argv[2]), count, sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        sys.exit(__doc__)
