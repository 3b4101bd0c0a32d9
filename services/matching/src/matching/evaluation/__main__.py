"""`python -m matching.evaluation`: generate, project, recover the hidden truth, print the table.

Needs the Neo4j the settings point at (`infra/up neo4j`). The last line is one JSON object.
"""

import argparse
import json
import time

from neo4j import GraphDatabase

from matching.adapters.graph import GraphRepository
from matching.adapters.graph.derived_store import DerivedTieStore
from matching.adapters.graph.snapshot_reader import SnapshotReader
from matching.config import Settings
from matching.evaluation.harness import METHODS, Scores, evaluate
from matching.evaluation.world import generate, taxonomy_events
from matching.service_layer.derived_ties import derive_ties
from matching.service_layer.projection import project
from matching.service_layer.snapshots import prepare


def run(communities: int, residents: int, seed: int) -> Scores:
    settings = Settings()
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    scores = Scores()
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        graph, store = (
            GraphRepository(driver, settings.neo4j_database),
            DerivedTieStore(driver, settings.neo4j_database),
        )
        graph.ensure_schema()
        graph.write(lambda w: project(w, taxonomy_events(), settings.ties))
        reader = SnapshotReader(driver, settings.neo4j_database)
        for i in range(communities):
            planted = generate(f"eval-{seed}-{i}", seed + i, residents)
            store.drop_evaluation_community(planted.community_id)
            for start in range(0, len(planted.events), 1000):
                chunk = planted.events[start : start + 1000]
                graph.write(lambda w, chunk=chunk: project(w, chunk, settings.ties))  # type: ignore[misc]
            derive_ties(store, planted.community_id, settings.ties, settings.derived_ties)
            prepared = prepare(reader.snapshot(planted.community_id), settings.recommend)
            evaluate(prepared, planted, settings.recommend, scores, seed + i)
            print(
                f"community {planted.community_id}: {len(planted.events)} events, "
                f"{len(prepared.snapshot.ties)} ties after derivation",
                flush=True,
            )
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communities", type=int, default=2)
    parser.add_argument("--residents", type=int, default=240)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    started = time.monotonic()
    s = run(args.communities, args.residents, args.seed)
    headline: dict[str, float] = {}
    print(f"\n{'task':<11} {'method':<11} {'queries':>7} {'P@5':>7} {'R@10':>7} {'NDCG@10':>8}")
    for task in ("groups", "neighbours", "exchanges"):
        for method in METHODS:
            tally = getattr(s, task)[method]
            p5, r10, ndcg = tally.means()
            print(f"{task:<11} {method:<11} {tally.queries:>7} {p5:>7.3f} {r10:>7.3f} {ndcg:>8.3f}")
            suffix = "" if method == "engine" else f"_{method}"
            headline[f"{task}_ndcg10{suffix}"] = round(ndcg, 4)
            headline[f"{task}_p5{suffix}"] = round(p5, 4)
            headline[f"{task}_r10{suffix}"] = round(r10, 4)
    coverage = s.team_covered / s.team_coverable if s.team_coverable else 1.0
    ratio = sum(s.team_ratios) / len(s.team_ratios) if s.team_ratios else 1.0
    print(
        f"\nteams: {s.team_instances} instances (3 skills, one building), coverage of coverable "
        f"skills {coverage:.3f}, cost vs brute-force optimum {ratio:.3f} (mean, worst "
        f"{max(s.team_ratios, default=1.0):.3f}), optimal in {s.team_optimal}/{s.team_instances}"
    )
    for task in ("groups", "neighbours", "exchanges"):
        base = headline[f"{task}_ndcg10_popularity"]
        lift = headline[f"{task}_ndcg10"] / base if base else float("inf")
        print(f"{task}: NDCG@10 {lift:.2f}x the popularity baseline")
    headline |= {
        "team_coverage": round(coverage, 4),
        "team_cost_vs_optimal": round(ratio, 4),
        "team_cost_vs_optimal_worst": round(max(s.team_ratios, default=1.0), 4),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(headline, sort_keys=True))


if __name__ == "__main__":
    main()
