# Sourced by the A/B scripts here: the figures they read from the bench tools' JSON output.

# ingest_rate: project the bench history once (bench.ingest) and print its sustained events/s.
ingest_rate() {
  .venv/bin/python -m bench.ingest 2>/dev/null | json_fields events_per_s_sustained
}

# json_fields KEY...: the KEYs of the JSON object on the last line of stdin, space-separated.
json_fields() {
  tail -1 | python3 -c 'import json, sys; d = json.load(sys.stdin); print(*(d[k] for k in sys.argv[1:]))' "$@"
}
