"""How the bench history's batches split into parts that share no id (no Neo4j needed).

    .venv/bin/python -m bench.profile.components [BATCH]

Calls are joined when they write or link the same id (as `batching.keys_of_call` sees them) or
the same skill or interest tag. The share of a batch's calls in its largest part bounds what
two transactions at once could gain on that batch.
"""

import sys
from collections import Counter
from typing import Any, LiteralString

from bench.ingest import histories
from matching.adapters.graph import GraphPlanner
from matching.adapters.graph import writes_life as life
from matching.adapters.graph.batching import Key, keys_of_call
from matching.domain.ties import TieRules
from matching.service_layer.projection import HANDLERS
from shulin_events import decode, encode


class CallRecorder(GraphPlanner):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[LiteralString, dict[str, Any]]] = []

    def _run(self, statement: LiteralString, params: dict[str, Any]) -> None:
        self.calls.append((statement, params))


def largest_share(recorder: CallRecorder) -> float:
    parent: dict[Any, Any] = {}

    def root(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    firsts: list[Any] = []
    for statement, params in recorder.calls:
        written, linked = keys_of_call(life.LINKS.get(statement, ()), params)
        keys: list[Key | tuple[str, str]] = [*written, *linked]
        keys += [("tag", t) for t in params.get("skill_tags") or params.get("tags") or []]
        for key in keys[1:]:
            parent[root(keys[0])] = root(key)
        firsts.append(keys[0] if keys else None)
    sizes = Counter(root(k) for k in firsts if k is not None)
    return max(sizes.values()) / len(recorder.calls)


def main() -> None:
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    by_topic = histories("bench", 1)[0].by_topic()
    events = sorted(
        (decode(encode(e)) for topic_events in by_topic.values() for e in topic_events),
        key=lambda e: e.occurred_at,
    )
    shares = []
    for i in range(0, len(events), batch):
        recorder = CallRecorder()
        for event in events[i : i + batch]:
            handler = HANDLERS.get(type(event.payload))
            if handler is not None:
                handler(recorder, event.payload, event, TieRules())
        shares.append(largest_share(recorder))
    shares.sort()
    print(
        f"{len(shares)} batches; share of calls in the largest part: min {shares[0]:.2f},"
        f" median {shares[len(shares) // 2]:.2f}, max {shares[-1]:.2f}"
    )


if __name__ == "__main__":
    main()
