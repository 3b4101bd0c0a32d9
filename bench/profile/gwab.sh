#!/usr/bin/env bash
# gwab.sh PID_A URL_A PID_B URL_B ROUNDS: two gateways side by side, alternating 20 s open loops
# at 100 requests/s; each gateway's CPU per request (over 14 s of its loop) and the loop's p95.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/profile/lib.sh
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
out=$(mktemp)
for round in $(seq "$5"); do
  for side in A B; do
    if [[ $side == A ]]; then pid=$1 url=$2; else pid=$3 url=$4; fi
    .venv/bin/python -m bench.load --url "$url" --scenario var/bench/scenario.json \
      open --rate 100 --duration 20 >"$out" 2>&1 &
    load=$!
    sleep 4; t0=$(ticks "$pid"); sleep 14; t1=$(ticks "$pid")
    wait "$load"
    p95=$(json_fields p95_ms error_rate <"$out")
    echo "$side round $round: gateway $(python3 -c "print(round(($t1 - $t0) * 10 / (14 * 100), 2))") ms/req, p95 / error rate $p95"
  done
done
rm -f "$out"
