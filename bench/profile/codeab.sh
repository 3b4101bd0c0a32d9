#!/usr/bin/env bash
# codeab.sh ROUNDS [REV]: the projector's sustained ingest rate (events/s) with the matching code
# of REV (default HEAD; A) and of the working tree (B), alternating on one Neo4j after one
# unrecorded run.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
git archive "${2:-HEAD}" services/matching/src | tar -x -C "$before"
. bench/profile/lib.sh
ingest_rate >/dev/null
for _ in $(seq "$1"); do
  echo "A $(PYTHONPATH="$before/services/matching/src" ingest_rate)"  # the projector inherits it
  echo "B $(ingest_rate)"
done
