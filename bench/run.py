"""`make bench`: ingestion, gateway latency and saturation, analytics and memory, as one JSON.

    .venv/bin/python -m bench.run [--quick]

1. Neo4j and Kafka (infra/up; stopped again at the end only if this run started them).
2. Ingest: the generated `bench` community (20,000 residents, 200 buildings, a year of life,
   ~140–150k events, depending on the day) is removed from Neo4j, published to Kafka and
   projected by a fresh consumer group; again, until the rate settles (Neo4j's JIT warms up
   over several runs; see `settled`).
3. The stack (subgraphs, projector, gateway) under var/bench/stack, its consumers starting at the
   topics' end; after 30 s of unrecorded load at 50 requests/s (the JVMs' and Node's JIT warm
   up), recommendation queries of 300 residents and 20 operators, open loop at 100 requests/s
   through the gateway and straight to the matching subgraph, then closed loop at
   rising concurrency for the saturation throughput. The load runs in its own process.
4. The per-building analytics table for the whole community through the gateway (first call
   with the bridging cache cold, then warm), after the warm-up and before the heavy load; an
   unrecorded table of the month before first, so Neo4j has planned the statements.
5. RSS of every server and service; cores; versions; the machine (CPU model, kernel, a Python
   loop's and a loopback exchange's time, measured quiet at the start). Load average next to
   each figure.

The last line printed is the JSON; it is also written to var/bench/results-<UTC time>.json.
"""

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench import ingest
from bench.history import bench_community
from bench.scenario import requests_for
from shulin_cli.generator.activities import CHINA
from shulin_kit.identity import AuthSettings, mint_token

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"
STACK_VAR = OUT / "stack"
PORTS = {
    "residents": int(os.environ.get("RESIDENTS_PORT", "8001")),
    "activities": int(os.environ.get("ACTIVITIES_PORT", "8002")),
    "matching": int(os.environ.get("MATCHING_PORT", "8003")),
    "gateway": int(os.environ.get("GATEWAY_PORT", "4000")),
}
GATEWAY = f"http://127.0.0.1:{PORTS['gateway']}/graphql"
MATCHING = f"http://127.0.0.1:{PORTS['matching']}/graphql"
SATURATION_STEPS = (8, 16, 32, 64)
SETTLE_RPS = 50
NETWORK = """query($c: ID!) { neighbourNetwork(communityId: $c) {
  rows { name residents { value suppressed } density { value suppressed } isolates { value } } ageSeconds } }"""

NETWORK_IN = """query($c: ID!, $w: WindowInput) { neighbourNetwork(communityId: $c, window: $w) {
  rows { name } } }"""


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    """What to set runs side by side by: the same code's request path cost 1.5x more CPU on one
    2-core machine than on another (docs/benchmarks.md, session 13)."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    model = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "")
    return {
        "cpu_model": model or platform.processor(),
        "kernel": platform.release(),
        "python_loop_ms": python_loop_ms(),
        "loopback_round_trip_us": loopback_round_trip_us(),
    }


def python_loop_ms() -> float:
    """One core's speed at plain Python: the best of five runs of a fixed loop."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def loopback_round_trip_us(rounds: int = 5000) -> float:
    """The kernel's cost of a loopback TCP exchange (four system calls), the median of `rounds`:
    the request path is mostly such calls, so this moves with it between machines."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        peer, _ = server.accept()
        with client, peer:
            for s in (client, peer):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                client.sendall(b"q")
                peer.recv(1)
                peer.sendall(b"a")
                client.recv(1)
                times.append(time.perf_counter() - started)
    times.sort()
    return round(times[len(times) // 2] * 1e6, 1)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def sh(*args: str, env: dict[str, str] | None = None, timeout: float = 900) -> None:
    subprocess.run(args, check=True, timeout=timeout, env=os.environ | (env or {}), cwd=ROOT)


def matching_workers() -> int:
    """One matching API process per core, unless MATCHING_WORKERS says otherwise."""
    return int(os.environ.get("MATCHING_WORKERS", str(os.cpu_count() or 1)))


def stack_env(suffix: str) -> dict[str, str]:
    return {
        "SHULIN_VAR": str(STACK_VAR),
        "RESIDENTS_PORT": str(PORTS["residents"]),
        "ACTIVITIES_PORT": str(PORTS["activities"]),
        "MATCHING_PORT": str(PORTS["matching"]),
        "GATEWAY_PORT": str(PORTS["gateway"]),
        "MATCHING_CONSUMER_GROUP": f"bench-stack-{suffix}",
        "ACTIVITIES_READ_MODEL_GROUP": f"bench-view-{suffix}",
        "GATEWAY_LOG_LEVEL": "warn",
        "MATCHING_LOG_LEVEL": "WARNING",
        "MATCHING_WORKERS": str(matching_workers()),
        "RESIDENTS_LOG_LEVEL": "WARNING",
        "ACTIVITIES_LOG_LEVEL": "WARNING",
    }


def load_run(url: str, scenario: Path, *mode: str) -> dict[str, Any]:
    """One run of the load generator in its own process; its JSON summary."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.load", "--url", url, "--scenario", str(scenario), *mode],
            check=True, capture_output=True, text=True, cwd=ROOT, timeout=300,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        say(f"load generator failed: {exc}")
        return {"failed": str(exc)[:300], "error_rate": 1.0, "throughput_rps": 0.0,
                "p50_ms": None, "p95_ms": None, "p99_ms": None, "load_avg": load_avg()}  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result | {"load_avg": load_avg()}


def saturation(scenario: Path, duration: float) -> tuple[float, list[dict[str, Any]]]:
    """Closed loop at rising concurrency until errors pass 1% or throughput stops growing."""
    steps: list[dict[str, Any]] = []
    best = 0.0
    for concurrency in SATURATION_STEPS:
        r = load_run(GATEWAY, scenario, "closed", "--concurrency", str(concurrency),
                     "--duration", str(duration))  # fmt: skip
        steps.append(r)
        say(f"closed loop c={concurrency}: {r['throughput_rps']} req/s, p95 {r['p95_ms']} ms, "
            f"errors {r['error_rate']:.2%}")  # fmt: skip
        if r["error_rate"] > 0.01:
            break
        if r["throughput_rps"] < best * 1.05:
            best = max(best, r["throughput_rps"])
            break
        best = max(best, r["throughput_rps"])
    return best, steps


def warm_workers(req: dict[str, Any], in_a_row: int = 12) -> None:
    """Every matching worker has its snapshot: requests on new connections (which the kernel
    places on any worker) answer quickly `in_a_row` times running. The gateway's warm-up
    requests all ride one kept-alive connection, so they reach one worker only."""
    body = {"query": req["query"], "variables": req["variables"]}
    headers = {"authorization": f"Bearer {req['token']}"}
    deadline, fast = time.monotonic() + 300, 0
    while fast < in_a_row and time.monotonic() < deadline:
        started = time.monotonic()
        with httpx.Client(timeout=120) as c:  # a new connection each time
            ok = not c.post(MATCHING, json=body, headers=headers).json().get("errors")
        fast = fast + 1 if ok and time.monotonic() - started < 1.0 else 0


def warm_up(scenario_reqs: list[dict[str, Any]]) -> None:
    """First requests build the community's snapshot; wait until answers come back clean."""
    deadline = time.monotonic() + 300
    kinds_seen: set[str] = set()
    with httpx.Client(timeout=120) as c:
        for req in scenario_reqs:
            if req["kind"] in kinds_seen:
                continue
            while True:
                r = c.post(GATEWAY, json={"query": req["query"], "variables": req["variables"]},
                           headers={"authorization": f"Bearer {req['token']}"})  # fmt: skip
                body = r.json()
                if r.status_code == 200 and not body.get("errors"):
                    kinds_seen.add(req["kind"])
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"warm-up failed for {req['kind']}: {r.text[:500]}")
                time.sleep(1)
            if len(kinds_seen) == 5:
                return


def analytics(community_id: str) -> dict[str, Any]:
    token = mint_token(AuthSettings(), "bench-planner", community_id, ["planner"], ttl_s=3600)
    timings = []
    with httpx.Client(timeout=120) as c:
        # Unrecorded: Neo4j plans and compiles each statement the first time it runs (~0.7 s
        # for the six analytics reads, measured), so, like the settle phase, this is for a
        # running Neo4j. The month before is asked: the measured window's bridging stays cold.
        end = datetime.now(CHINA).date() - timedelta(days=30)
        month_before = {"start": (end - timedelta(days=29)).isoformat(), "end": end.isoformat()}
        r = c.post(GATEWAY, json={"query": NETWORK_IN, "variables": {"c": community_id, "w": month_before}},
                   headers={"authorization": f"Bearer {token}"})  # fmt: skip
        if r.status_code != 200 or r.json().get("errors"):
            raise RuntimeError(f"analytics warm-up failed: {r.text[:500]}")
        for _ in range(3):
            t0 = time.perf_counter()
            r = c.post(GATEWAY, json={"query": NETWORK, "variables": {"c": community_id}},
                       headers={"authorization": f"Bearer {token}"})  # fmt: skip
            timings.append(time.perf_counter() - t0)
            body = r.json()
            if body.get("errors") or r.status_code != 200:
                raise RuntimeError(f"analytics failed: {r.text[:500]}")
    rows = len(body["data"]["neighbourNetwork"]["rows"])
    return {"cold_s": round(timings[0], 3), "warm_s": round(min(timings[1:]), 3), "rows": rows,
            "load_avg": load_avg()}  # fmt: skip


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def stack_rss() -> dict[str, float]:
    """RSS (MiB) of each server/service: its process group (pid file = process group id)."""
    groups: dict[int, str] = {}
    for run_dir in (ROOT / "var" / "run", STACK_VAR / "run"):
        for pidfile in run_dir.glob("*.pid"):
            try:
                groups[int(pidfile.read_text().strip())] = pidfile.stem
            except ValueError:
                continue
    rss: dict[str, float] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            pgid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[2])
        except (OSError, IndexError, ValueError):
            continue
        if pgid in groups:
            name = groups[pgid]
            rss[name] = rss.get(name, 0.0) + _rss_kib(int(proc.name)) / 1024
    return {k: round(v, 1) for k, v in sorted(rss.items())}


def versions() -> dict[str, str]:
    found: dict[str, str] = {}
    env = subprocess.run(
        ["bash", "-c", "source infra/env.sh && echo $NEO4J_VERSION $KAFKA_VERSION"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout.split()  # fmt: skip
    found["neo4j"], found["kafka"] = env[0], env[1]
    try:
        from neo4j import GraphDatabase

        with GraphDatabase.driver(ingest.NEO4J_URI, auth=ingest.NEO4J_AUTH) as d:
            records, _, _ = d.execute_query("CALL dbms.components() YIELD versions RETURN versions")
            found["neo4j"] = records[0]["versions"][0]
    except Exception:  # the configured version is still a good answer
        pass
    jars = list((ROOT / "var" / "cache" / "kafka").rglob("kafka_2.13-*.jar"))
    if jars and (m := re.search(r"kafka_2\.13-([\d.]+)\.jar", jars[0].name)):
        found["kafka"] = m.group(1)
    pkg = ROOT / "services/gateway/node_modules/@graphql-hive/gateway/package.json"
    if pkg.exists():
        found["gateway"] = "@graphql-hive/gateway " + json.loads(pkg.read_text())["version"]
    runtime = ROOT / "services/gateway/node_modules/@graphql-hive/router-runtime/package.json"
    if runtime.exists():
        found["router_runtime"] = json.loads(runtime.read_text())["version"]
    found["node"] = subprocess.run(
        ["node", "--version"], capture_output=True, text=True
    ).stdout.strip()
    found["python"] = sys.version.split()[0]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter load runs (smoke test)")
    parser.add_argument(
        "--no-ingest", action="store_true", help="keep the graph of the last run; skip step 2"
    )
    parser.add_argument(
        "--settle", type=float, default=None,
        help="seconds of unrecorded load before measuring (JIT warm-up; default 30, --quick 5)",
    )  # fmt: skip
    args = parser.parse_args()
    duration = 10.0 if args.quick else 30.0
    settle_s = args.settle if args.settle is not None else (5.0 if args.quick else 30.0)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    today = datetime.now(CHINA).date()  # one plan for the ingest and the scenario
    OUT.mkdir(parents=True, exist_ok=True)
    busy = [name for name, port in PORTS.items() if port_open(port)]
    if busy:
        sys.exit(f"bench: ports in use ({busy}); run `make down` first or set *_PORT")

    started = [s for s, port in (("neo4j", ingest_port("NEO4J_BOLT_PORT", 7687)),
                                 ("kafka", ingest_port("KAFKA_PORT", 9092))) if not port_open(port)]  # fmt: skip
    for server in started:
        say(f"starting {server}")
        sh("infra/up", server)
    result: dict[str, Any] = {
        "started_at": stamp, "cores": os.cpu_count(), "matching_workers": matching_workers()
    }  # fmt: skip
    try:
        result["load_avg_before"] = load_avg()
        result["machine"] = machine()
        if not args.no_ingest:
            runs = ingest_until_warm(today)
            first, (measured, published_s) = runs[0][0], runs[-1]
            result["ingest_first_run_events_per_s"] = round(first.sustained_rate, 1)
            result["ingest_runs_events_per_s"] = [round(r.sustained_rate, 1) for r, _ in runs]
            result["ingest_events_per_s"] = round(measured.sustained_rate, 1)
            result["ingest"] = measured.as_dict() | {"publish_s": round(published_s, 2),
                                                     "load_avg": load_avg()}  # fmt: skip
            say(f"ingest: {result['ingest']}")

        plan = bench_community("bench", today=today)
        scenario = OUT / "scenario.json"
        scenario.write_bytes(orjson.dumps(requests_for(plan)))
        suffix = stamp.lower()
        ingest.start_group_at(f"bench-stack-{suffix}", ingest.end_offsets())
        ingest.start_group_at(f"bench-view-{suffix}", ingest.end_offsets())
        say("starting the stack")
        sh("infra/stack", "up", env=stack_env(suffix))
        try:
            requests = orjson.loads(scenario.read_bytes())
            warm_up(requests)
            warm_workers(requests[0])
            # Unrecorded: a just-started JVM (Neo4j) or Node runs slowly until its JIT has
            # compiled the hot paths; the figures are for the steady state. Half the measured
            # rate: enough to make the paths hot without leaving a backlog behind.
            say(f"settling: {settle_s:g} s of unrecorded load at {SETTLE_RPS} requests/s")
            settled = load_run(GATEWAY, scenario, "open", "--rate", str(SETTLE_RPS),
                               "--duration", str(settle_s))  # fmt: skip
            result["settle"] = {k: settled.get(k) for k in ("p50_ms", "p95_ms", "error_rate")}
            # Analytics before the heavy load, on a quiet stack (an overloaded matching API keeps
            # computing requests its clients gave up on), with the bridging cache still cold.
            time.sleep(2)
            say("analytics: per-building table for the whole community")
            table = analytics(plan.id)
            result["analytics_s"] = table["cold_s"]
            result["analytics"] = table
            say("open loop, 100 requests/s through the gateway")
            gw = load_run(GATEWAY, scenario, "open", "--rate", "100", "--duration", str(duration))
            say(f"gateway: {gw}")
            say("open loop, 100 requests/s straight to the matching subgraph")
            sub = load_run(MATCHING, scenario, "open", "--rate", "100", "--duration", str(duration))
            say(f"subgraph: {sub}")
            max_rps, steps = saturation(scenario, duration / 2)
            result |= {
                "gateway_p50_ms": gw["p50_ms"], "gateway_p95_ms": gw["p95_ms"],
                "gateway_p99_ms": gw["p99_ms"], "gateway_error_rate": gw["error_rate"],
                "gateway_max_rps": max_rps,
                "subgraph_p50_ms": sub["p50_ms"], "subgraph_p95_ms": sub["p95_ms"],
                "subgraph_p99_ms": sub["p99_ms"],
                "gateway_open_loop": gw, "subgraph_open_loop": sub, "saturation": steps,
            }  # fmt: skip
            rss = stack_rss()
            result["stack_rss_mib"] = round(sum(rss.values()), 1)
            result["rss_mib"] = rss
        finally:
            sh("infra/stack", "down", env=stack_env(suffix), timeout=120)
        result["versions"] = versions()
        result["load_avg_after"] = load_avg()
    finally:
        for server in reversed(started):
            sh("infra/down", server, timeout=120)
    path = OUT / f"results-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"written to {path.relative_to(ROOT)}")
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))


# A just-started Neo4j projects at about half its steady rate until its JIT has compiled the
# projection, and one pass of the history was not always enough (runs of 2,578 / 3,506 / 4,452
# and 2,640 / 3,926 / 5,233 events/s on two fresh starts; a third start was still 8 % faster in
# its fourth run). So the history is projected again until a run is no longer clearly faster
# than the one before; that run is the steady rate.
WARM_GAIN = 1.05
MAX_INGEST_RUNS = 6


def settled(rates: list[float]) -> bool:
    """Whether the last ingest run is the steady rate (see WARM_GAIN)."""
    if len(rates) >= MAX_INGEST_RUNS:
        return True
    return len(rates) >= 2 and rates[-1] < WARM_GAIN * rates[-2]


def ingest_until_warm(today: date) -> list[tuple[ingest.Ingest, float]]:
    """(result, publish seconds) of each run of the bench history, until the rate settles."""
    runs: list[tuple[ingest.Ingest, float]] = []
    while not settled([r.sustained_rate for r, _ in runs]):
        say(f"ingest run {len(runs) + 1}: publishing and projecting the bench community's history")
        runs.append(ingest.run("bench", 1, 1, OUT / "log", today))
        say(f"ingest run {len(runs)}: {runs[-1][0].as_dict()}")
    return runs


def ingest_port(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


if __name__ == "__main__":
    main()
