#!/usr/bin/env bash
# stack.sh up|down: the whole stack with the bench's settings under var/bench/stack; its
# consumers start at the topics' current end (the bench graph is already in Neo4j).
set -euo pipefail
cd "$(dirname "$0")/../.."
export SHULIN_VAR="$PWD/var/bench/stack" RESIDENTS_PORT=8001 ACTIVITIES_PORT=8002 \
  MATCHING_PORT=8003 GATEWAY_PORT=4000 GATEWAY_LOG_LEVEL=warn MATCHING_LOG_LEVEL=WARNING \
  RESIDENTS_LOG_LEVEL=WARNING ACTIVITIES_LOG_LEVEL=WARNING
case "${1:-}" in
  up)
    suffix=prof$(date +%s)
    export MATCHING_CONSUMER_GROUP="bench-stack-$suffix" ACTIVITIES_READ_MODEL_GROUP="bench-view-$suffix"
    .venv/bin/python - "$MATCHING_CONSUMER_GROUP" "$ACTIVITIES_READ_MODEL_GROUP" <<'PY'
import sys

from bench import ingest

end = ingest.end_offsets()
for group in sys.argv[1:]:
    ingest.start_group_at(group, end)
PY
    exec infra/stack up ;;
  down) exec infra/stack down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
