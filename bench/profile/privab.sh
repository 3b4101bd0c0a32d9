#!/usr/bin/env bash
# privab.sh ROUNDS: the stack with the privacy poll on (A) or off (B: every answer checked against
# the graph), restarted per phase; per phase 3 x 15 s closed loop of 32 clients through the
# gateway (after one unrecorded), then 20 s open loop at 100 requests/s.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/profile/lib.sh
scenario=var/bench/scenario.json url=http://127.0.0.1:4000/graphql
figures() { echo "$1 ${*:2}: $(json_fields "${@:2}")"; }
for round in $(seq "${1:-2}"); do
  for side in A B; do
    if [[ $side == A ]]; then unset MATCHING_PRIVACY_POLL_S; else export MATCHING_PRIVACY_POLL_S=0; fi
    MATCHING_WORKERS=2 bench/profile/stack.sh up >/dev/null 2>&1
    for _ in $(seq 120); do curl -sf http://127.0.0.1:8003/ready | grep -q '"ready":true' && break; sleep 2; done
    .venv/bin/python -m bench.load --url $url --scenario $scenario closed --concurrency 32 --duration 15 >/dev/null 2>&1
    for _ in 1 2 3; do
      .venv/bin/python -m bench.load --url $url --scenario $scenario closed --concurrency 32 --duration 15 2>/dev/null |
        figures "$side round $round closed" throughput_rps p95_ms error_rate
    done
    .venv/bin/python -m bench.load --url $url --scenario $scenario open --rate 100 --duration 20 2>/dev/null |
      figures "$side round $round open 100/s" p50_ms p95_ms p99_ms error_rate
    bench/profile/stack.sh down >/dev/null 2>&1
  done
done
