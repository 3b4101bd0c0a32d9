"""The derived-ties job: per community, on demand or every `interval_s` for busy communities."""

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from matching.adapters.graph.derived_store import DerivedTieStore
from matching.domain.derived_ties import (
    DerivedTieRules,
    Diff,
    Members,
    derive_evidence,
    diff,
)
from matching.domain.ties import TieRules
from shulin_events.schemas import GLOBAL_COMMUNITY

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Derived:
    community_id: str
    added: int
    dropped: int
    pairs_refreshed: int


def derive_ties(
    store: DerivedTieStore, community_id: str, ties: TieRules, rules: DerivedTieRules
) -> Derived:
    """Bring the community's derived evidence and ties up to date (idempotent)."""

    def plan(
        groups: dict[str, Members],
        activities: dict[str, Members],
        stored: dict[tuple[str, str, str, str], float],
    ) -> Diff:
        return diff(derive_evidence(groups, activities, rules), stored)

    change: Diff = store.derive(
        community_id, rules.max_group_size, rules.max_activity_size, ties.threshold, plan
    )
    return Derived(community_id, len(change.add), len(change.drop), len(change.pairs))


class DerivedTiesJob:
    """Remembers which communities had events and derives their ties at most every interval."""

    def __init__(self, store: DerivedTieStore, ties: TieRules, rules: DerivedTieRules) -> None:
        self._store, self._ties, self._rules = store, ties, rules
        self._dirty: set[str] = set()
        self._last_run = time.monotonic()

    def note(self, community_ids: Iterable[str]) -> None:
        self._dirty.update(c for c in community_ids if c != GLOBAL_COMMUNITY)

    def run_due(self) -> list[Derived]:
        if not self._dirty or time.monotonic() - self._last_run < self._rules.interval_s:
            return []
        done = []
        for community_id in sorted(self._dirty):
            result = derive_ties(self._store, community_id, self._ties, self._rules)
            self._dirty.discard(community_id)
            done.append(result)
            log.info(
                "derived ties",
                extra={
                    "community_id": community_id,
                    "added": result.added,
                    "dropped": result.dropped,
                },
            )
        self._last_run = time.monotonic()
        return done
