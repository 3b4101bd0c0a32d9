"""A load generator for the recommendation queries, run in its own process.

    python -m bench.load --url URL --scenario FILE open --rate 100 --duration 30
    python -m bench.load --url URL --scenario FILE closed --concurrency 16 --duration 15

Open loop: request i starts at t0 + i/rate whatever happened to the earlier ones, and its latency
counts from that scheduled start (so a stalled server is not hidden by a waiting client).
Closed loop: `concurrency` workers each send the next request when the previous one returned.
The scenario file (JSON) holds the requests: [{"query", "variables", "token", "kind"}, …], taken
round-robin. Prints one JSON object: counts, errors by kind, latency percentiles in ms.
"""

import argparse
import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import uvloop

REQUEST_TIMEOUT_S = 10.0  # a request still unanswered then counts as an error
# Past this many requests in flight (the server is far behind anyway) a due request is not sent
# but counted as an error, so the generator itself never becomes the bottleneck.
MAX_IN_FLIGHT = 256
MAX_CONNECTIONS = 128


def percentile(sorted_ms: list[float], p: float) -> float | None:
    if not sorted_ms:
        return None
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return round(sorted_ms[k], 2)


class Recorder:
    def __init__(self) -> None:
        self.latencies_by_kind: dict[str, list[float]] = {}
        self.errors: Counter[str] = Counter()
        self.in_flight = 0

    def backlog(self, req: "Prepared") -> None:
        self.errors["not sent: client backlog"] += 1
        self.record(req.kind, REQUEST_TIMEOUT_S * 1000)

    def record(self, kind: str, ms: float) -> None:
        self.latencies_by_kind.setdefault(kind, []).append(ms)

    async def send(
        self, client: aiohttp.ClientSession, url: str, req: "Prepared", started: float
    ) -> None:
        self.in_flight += 1
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_S):
                async with client.post(url, data=req.body, headers=req.headers) as response:
                    content = await response.read()
            if response.status != 200:
                self.errors[f"http {response.status}"] += 1
            else:
                body = orjson.loads(content)
                if body.get("errors"):
                    code = (body["errors"][0].get("extensions") or {}).get("code", "?")
                    self.errors[f"{req.kind}: {code}"] += 1
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.errors[type(exc).__name__] += 1
        finally:
            self.in_flight -= 1
        self.record(req.kind, (time.perf_counter() - started) * 1000)

    def summary(self, elapsed_s: float) -> dict[str, Any]:
        by_kind = {kind: sorted(ms) for kind, ms in self.latencies_by_kind.items()}
        ms = sorted(m for kind_ms in by_kind.values() for m in kind_ms)
        n = len(ms)
        failed = sum(self.errors.values())
        return {
            "requests": n,
            "ok": n - failed,
            "errors": dict(self.errors),
            "error_rate": round(failed / n, 4) if n else 0.0,
            "elapsed_s": round(elapsed_s, 2),
            "throughput_rps": round((n - failed) / elapsed_s, 1) if elapsed_s else 0.0,
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99),
            "max_ms": round(ms[-1], 2) if ms else None,
            "mix": {kind: len(kind_ms) for kind, kind_ms in by_kind.items()},
            "p95_ms_by_kind": {
                kind: percentile(kind_ms, 95) for kind, kind_ms in sorted(by_kind.items())
            },
        }


@dataclass(frozen=True)
class Prepared:
    """A scenario request encoded once: the generator's own CPU is the machine's it measures."""

    kind: str
    body: bytes
    headers: dict[str, str]


def prepare(reqs: list[dict[str, Any]]) -> list[Prepared]:
    return [
        Prepared(
            r["kind"],
            orjson.dumps({"query": r["query"], "variables": r["variables"]}),
            {"authorization": f"Bearer {r['token']}", "content-type": "application/json"},
        )
        for r in reqs
    ]


def client() -> aiohttp.ClientSession:
    """aiohttp, not httpx: ~0.9 instead of ~3.7 ms of CPU per request, which at 100 requests/s
    on two cores leaves ~14 % more of the machine to the stack under test."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS))


async def open_loop(url: str, reqs: list[Prepared], rate: float, duration: float) -> dict[str, Any]:
    rec = Recorder()
    total = int(rate * duration)
    async with client() as c:
        tasks = []
        t0 = time.perf_counter()
        for i in range(total):
            due = t0 + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if rec.in_flight >= MAX_IN_FLIGHT:
                rec.backlog(reqs[i % len(reqs)])
                continue
            tasks.append(asyncio.create_task(rec.send(c, url, reqs[i % len(reqs)], due)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - t0
    late = max(0.0, elapsed - duration)
    return rec.summary(elapsed) | {"offered_rps": rate, "drain_s": round(late, 2)}


async def closed_loop(
    url: str, reqs: list[Prepared], concurrency: int, duration: float
) -> dict[str, Any]:
    rec = Recorder()
    counter = iter(range(10**9))
    async with client() as c:
        t0 = time.perf_counter()
        end = t0 + duration

        async def worker() -> None:
            while time.perf_counter() < end:
                i = next(counter)
                await rec.send(c, url, reqs[i % len(reqs)], time.perf_counter())

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return rec.summary(elapsed) | {"concurrency": concurrency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--scenario", type=Path, required=True)
    sub = parser.add_subparsers(dest="mode", required=True)
    op = sub.add_parser("open")
    op.add_argument("--rate", type=float, default=100)
    op.add_argument("--duration", type=float, default=30)
    cl = sub.add_parser("closed")
    cl.add_argument("--concurrency", type=int, default=16)
    cl.add_argument("--duration", type=float, default=15)
    args = parser.parse_args()
    reqs = prepare(orjson.loads(args.scenario.read_bytes()))
    if args.mode == "open":
        result = uvloop.run(open_loop(args.url, reqs, args.rate, args.duration))
    else:
        result = uvloop.run(closed_loop(args.url, reqs, args.concurrency, args.duration))
    print(orjson.dumps(result).decode())


if __name__ == "__main__":
    main()
