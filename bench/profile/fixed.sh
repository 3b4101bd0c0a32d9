#!/usr/bin/env bash
# fixed.sh RATE [URL]: open loop at RATE requests/s for 25 s (default through the gateway); the
# CPU of each process over 15 s of it, in milliseconds per request; then the load's figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/profile/lib.sh
rate=${1:?requests per second}
url=${2:-http://127.0.0.1:4000/graphql}
out=$(mktemp)
.venv/bin/python -m bench.load --url "$url" --scenario var/bench/scenario.json \
  open --rate "$rate" --duration 25 >"$out" 2>&1 &
load=$!
sleep 6
bench/profile/cpu.sh 15 | head -6 | awk -v r="$rate" '{printf "%s  %.2f ms/req\n", $0, $1 * 10 / r}'
wait "$load"
echo "rps / p50 / p95 / error rate: $(json_fields throughput_rps p50_ms p95_ms error_rate <"$out")"
rm -f "$out"
