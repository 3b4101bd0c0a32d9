"""Tie evidence derived in batch from shared small groups and repeated co-attendance.

Small is the point: sharing a 12-person tai chi team says two residents know each other; sharing
a 300-person festival says nothing. Defaults (MATCHING_DERIVED_TIES__<NAME>, see docs/ties.md):

| source          | weight | evidence                                                              |
|-----------------|--------|-----------------------------------------------------------------------|
| shared_group    | 0.5    | both members of a group of at most `max_group_size` (one per group)   |
| co_attendance   | 0.5    | both checked in at ≥ `min_co_attended` activities of ≤ `max_activity_size` |

The evidence is recomputed from the current graph each run, so it also disappears when its
reason does (someone left the group); running twice changes nothing.
"""

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field

SHARED_GROUP = "shared_group"
CO_ATTENDANCE = "co_attendance"
SOURCES = (SHARED_GROUP, CO_ATTENDANCE)


class DerivedTieRules(BaseModel):
    max_group_size: int = Field(default=30, ge=2)
    shared_group: float = Field(default=0.5, ge=0)
    max_activity_size: int = Field(default=30, ge=2)
    min_co_attended: int = Field(default=2, ge=1)
    co_attendance: float = Field(default=0.5, ge=0)
    interval_s: float = Field(default=60, gt=0)  # how often the consumer derives, per community


@dataclass(frozen=True)
class Evidence:
    low: str
    high: str
    source: str
    ref: str
    weight: float
    at: str | None  # ISO 8601: when the reason first held

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.low, self.high, self.source, self.ref)


# (resident id, ISO time or None) per group / activity
Members = Sequence[tuple[str, str | None]]


def _later(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if datetime.fromisoformat(a) >= datetime.fromisoformat(b) else b


def derive_evidence(
    groups: Mapping[str, Members], activities: Mapping[str, Members], rules: DerivedTieRules
) -> dict[tuple[str, str, str, str], Evidence]:
    """All derived evidence the current memberships and check-ins support, keyed for diffing."""
    out: dict[tuple[str, str, str, str], Evidence] = {}
    for group_id, members in groups.items():
        if len(members) > rules.max_group_size:
            continue
        for (a, at_a), (b, at_b) in itertools.combinations(sorted(members), 2):
            if a == b:
                continue
            e = Evidence(
                min(a, b), max(a, b), SHARED_GROUP, group_id, rules.shared_group, _later(at_a, at_b)
            )
            out[e.key] = e
    together: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    for activity_id, attendees in activities.items():
        if len(attendees) > rules.max_activity_size:
            continue
        for (a, at_a), (b, at_b) in itertools.combinations(sorted(attendees), 2):
            if a != b:
                together[(min(a, b), max(a, b))].append((activity_id, _later(at_a, at_b)))
    for (low, high), shared in together.items():
        if len(shared) < rules.min_co_attended:
            continue
        ref = ",".join(sorted(a for a, _ in shared))
        times = sorted((t for _, t in shared if t), key=datetime.fromisoformat)
        at = times[rules.min_co_attended - 1] if len(times) >= rules.min_co_attended else None
        e = Evidence(low, high, CO_ATTENDANCE, ref, rules.co_attendance, at)
        out[e.key] = e
    return out


@dataclass(frozen=True)
class Diff:
    add: list[Evidence]  # new or with a changed weight
    drop: list[tuple[str, str, str, str]]

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every pair whose tie must be refreshed."""
        touched = {(e.low, e.high) for e in self.add} | {(k[0], k[1]) for k in self.drop}
        return sorted(touched)


def diff(
    wanted: Mapping[tuple[str, str, str, str], Evidence],
    stored: Mapping[tuple[str, str, str, str], float],
) -> Diff:
    add = [e for k, e in sorted(wanted.items()) if stored.get(k) != e.weight]
    drop = sorted(k for k in stored if k not in wanted)
    return Diff(add, drop)
