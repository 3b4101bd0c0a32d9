# Shulin task runner. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
export UV_PROJECT_ENVIRONMENT := .venv
# Use the system trust store: registries may sit behind a proxy with its own CA.
export UV_NATIVE_TLS := 1

.PHONY: help install up down status demo seed test test-unit lint typecheck schemas eval bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml tools/*/pyproject.toml
	$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.synced ## install Python deps, the gateway's and console's npm deps (console built), the servers (Maven), fonts, Chromium
	services/gateway/install
	services/console/install
	infra/fetch
	infra/fonts
	infra/chromium

up: install ## start Neo4j, Kafka, the subgraphs, the projector, the gateway and the web console (background)
	infra/up
	infra/stack up

down: ## stop everything `up` or `demo` started
	infra/stack down
	infra/down

status: ## what is running, with memory
	@infra/status; infra/stack status

seed: ## load a generated demo community through the gateway
	$(PY) scripts/seed_demo.py

demo: up ## start the whole stack with a demo community; Ctrl-C stops it
	$(PY) scripts/seed_demo.py
	@echo "Running. Press Ctrl-C (or run 'make down' elsewhere) to stop everything."
	@# Stopping ignores further signals, the terminal closing and a broken output pipe (e.g. under
	@# `| tee`), so it always completes; its output goes to var/log/down.log. sleep runs in the
	@# background because bash runs a trap only between foreground commands.
	@trap 'trap "" INT TERM HUP PIPE; kill $$! 2>/dev/null; echo "停止中 stopping…" >&2; \
	  $(MAKE) --no-print-directory down >var/log/down.log 2>&1; echo "已停止 stopped" >&2; exit 0' \
	  INT TERM HUP; while true; do sleep 3600 & wait $$!; done

test: install ## every test: unit, integration on real Neo4j/Kafka, end-to-end through the gateway
	$(PY) -m pytest

test-unit: .venv/.synced ## only the fast tests that need no server
	$(PY) -m pytest -m "not integration and not e2e" --ignore=tests

lint: .venv/.synced ## ruff (lint + format check)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: .venv/.synced ## mypy; tsc (strict) for the web console
	.venv/bin/mypy libs/shulin_events/src libs/shulin_kit/src services/residents/src services/activities/src services/matching/src tools/shulin_cli/src bench
	services/console/install
	services/console/node_modules/.bin/tsc --noEmit -p services/console

schemas: .venv/.synced ## re-export each subgraph's schema.graphql and check they compose
	$(PY) -m residents.entrypoints.export_schema
	$(PY) -m activities.entrypoints.export_schema
	$(PY) -m matching.entrypoints.export_schema
	node services/gateway/compose.mjs --check

eval: install ## offline evaluation of the recommendations (starts Neo4j if needed)
	infra/up neo4j
	$(PY) -m matching.evaluation

bench: install ## measure ingest, gateway latency/saturation, analytics, memory (JSON last line)
	$(PY) -m bench.run
