"""Time the recommenders in-process on a community's snapshot: no HTTP, no GraphQL, no gateway.

    .venv/bin/python -m bench.compute [--size bench] [--requests N] [--answers FILE]

Reads the community (default: the `bench` one, after `make bench` has projected it) through the
same SnapshotReader the API uses, times the read and `prepare()`, then runs the benchmark's
request mix (bench/scenario.py) straight against the scoring functions and prints per-kind mean
and p95 in milliseconds, and the mean over the mix. The last line is one JSON object.
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase

from bench.history import bench_community
from bench.scenario import requests_for
from matching.adapters.graph.snapshot_reader import SnapshotReader
from matching.config import Settings
from matching.recommend.exchanges import exchange_matches
from matching.recommend.explain import Answer
from matching.recommend.groups import recommend_activities, recommend_groups
from matching.recommend.neighbours import recommend_neighbours
from matching.recommend.operators import OperatorAnswer, Requirement, operator_candidates
from matching.recommend.snapshot import Person
from matching.service_layer.snapshots import Prepared, prepare


def answer(p: Prepared, req: dict[str, Any], settings: Settings) -> Answer | OperatorAnswer:
    w, snap, sim, v = settings.recommend, p.snapshot, p.similarity, req["variables"]
    if req["kind"] == "operatorCandidates":
        reqs = [Requirement(s["tag"], s["minLevel"]) for s in v["skills"]]
        return operator_candidates(snap, reqs, 3, [], sim, w.operators, 10)
    me = snap.people.get(v["r"]) or Person(v["r"])
    match req["kind"]:
        case "neighboursToMeet":
            return recommend_neighbours(snap, me, 10, w.neighbours)
        case "activityRecommendations":
            return recommend_activities(snap, me, 10, sim, w.activities)
        case "groupRecommendations":
            return recommend_groups(snap, me, 10, sim, w.groups)
        case _:
            return exchange_matches(snap, me, [v["s"]], False, sim, w.exchanges, 10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="bench", help="generator preset of the community")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument(
        "--answers", type=Path, help="also write every answer here, to compare two versions"
    )
    args = parser.parse_args()
    settings = Settings()
    plan = bench_community(args.size)  # for the scenario: its resident ids are the graph's
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        started = time.perf_counter()
        snapshot = SnapshotReader(driver, settings.neo4j_database).snapshot(plan.id)
        read_s = time.perf_counter() - started
    if not snapshot.people:
        sys.exit(f"no residents of {plan.id} in the graph: run `make bench` first")
    # The snapshot's clock is the wall clock, as in the API: the graph's year ended two weeks
    # after it was published, so a graph older than that has no activity left to recommend.
    upcoming = [
        a for a in snapshot.activities.values() if a.starts_at and a.starts_at >= snapshot.now
    ]
    if not upcoming:
        print(
            "warning: no upcoming activity in the graph (published over two weeks ago?); "
            "activityRecommendations will be empty: run `python -m bench.ingest` first",
            file=sys.stderr,
        )
    started = time.perf_counter()
    prepared = prepare(snapshot, settings.recommend)
    prepare_s = time.perf_counter() - started
    times: dict[str, list[float]] = defaultdict(list)
    answers = []
    for req in requests_for(plan)[: args.requests]:
        started = time.perf_counter()
        got = answer(prepared, req, settings)
        times[req["kind"]].append((time.perf_counter() - started) * 1000)
        answers.append(f"{req['kind']} {req['variables']}: {got!r}")
    if args.answers:
        args.answers.write_text("\n".join(answers) + "\n", encoding="utf-8")
    every = [t for ts in times.values() for t in ts]
    by_kind = {
        kind: {
            "n": len(ts),
            "mean": round(statistics.mean(ts), 2),
            "p95": round(sorted(ts)[int(0.95 * (len(ts) - 1))], 2),
        }
        for kind, ts in sorted(times.items())
    }
    result = {
        "community": plan.id,
        "residents": len(snapshot.people),
        "snapshot_read_s": round(read_s, 2),
        "snapshot_prepare_s": round(prepare_s, 2),
        "mean_ms": round(statistics.mean(every), 2),
        "by_kind_ms": by_kind,
    }
    for kind, figures in by_kind.items():
        print(
            f"{kind:26s} n={figures['n']:5d} mean {figures['mean']:7.2f} ms p95 {figures['p95']:7.2f} ms"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
