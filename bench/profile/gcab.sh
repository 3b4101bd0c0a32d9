#!/usr/bin/env bash
# gcab.sh ROUNDS GC_A GC_B: the projector's sustained ingest rate (events/s) with Neo4j under two
# garbage collectors (NEO4J_GC, e.g. -XX:+UseG1GC -XX:+UseParallelGC); Neo4j restarted per phase,
# one unrecorded run (its JIT warms up) then three.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/profile/lib.sh
for _ in $(seq "$1"); do
  for gc in "$2" "$3"; do
    infra/down neo4j >/dev/null 2>&1
    NEO4J_GC="$gc" infra/up neo4j >/dev/null
    ingest_rate >/dev/null
    for _ in 1 2 3; do echo "$gc $(ingest_rate)"; done
  done
done
