"""A community as plain data, read once from the graph and shared by every recommender.

The snapshot is what the scorers (numpy, scipy, scikit-learn) work on: no I/O, no driver, so every scorer can
be tested with hand-built communities. Indexes (who is in which building, who attended what)
are built once per snapshot.
"""

import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from matching.recommend import bridging
from matching.recommend.tie_paths import TiePaths

T = TypeVar("T")

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class TagInfo:
    """A taxonomy tag (skill or interest) with the text TF-IDF compares."""

    tag: str
    name_zh: str = ""
    name_en: str = ""
    synonyms: tuple[str, ...] = ()
    description: str = ""

    @property
    def text(self) -> str:
        words = [self.name_zh, self.name_en, *self.synonyms, self.description]
        fallback = self.tag.replace("_", " ").replace(".", " ")
        return " ".join(w for w in words if w) or fallback

    def label(self, lang: str) -> str:
        return (self.name_zh if lang == "zh" else self.name_en) or self.tag


@dataclass(frozen=True)
class Person:
    id: str
    building_id: str | None = None
    compound_id: str | None = None
    floor: int | None = None
    household_id: str | None = None  # who lives in the same flat
    may_be_recommended: bool = True
    mode: str = "personalised"  # what this resident is shown: personalised | non_personalised | off
    skills: dict[str, int] = field(default_factory=dict)  # tag -> level 1..5
    interests: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    availability: tuple[str, ...] = ()
    volunteer_points: float = 0.0
    last_contribution_at: datetime | None = None


@dataclass(frozen=True)
class Group:
    id: str
    name: str = ""
    tags: tuple[str, ...] = ()
    building_id: str | None = None
    compound_id: str | None = None
    members: frozenset[str] = frozenset()
    leaders: frozenset[str] = frozenset()  # leaders and organisers


@dataclass(frozen=True)
class Activity:
    id: str
    title: str = ""
    tags: tuple[str, ...] = ()
    starts_at: datetime | None = None
    building_ids: tuple[str, ...] = ()
    cancelled: bool = False
    attended: dict[str, datetime | None] = field(default_factory=dict)  # resident -> check-in
    registered: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Help:
    """Completed exchanges from helper to helped: how often, how well rated, how recently."""

    helper_id: str
    helped_id: str
    times: int = 1
    rating: float | None = None
    last_at: datetime | None = None


@dataclass
class Snapshot:
    community_id: str
    now: datetime
    people: dict[str, Person]
    ties: dict[Pair, float] = field(default_factory=dict)  # KNOWS weight per pair
    groups: dict[str, Group] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    helps: list[Help] = field(default_factory=list)
    skills: dict[str, TagInfo] = field(default_factory=dict)
    interests: dict[str, TagInfo] = field(default_factory=dict)
    version: tuple[int, int] = (0, 0)  # the graph's (community, taxonomy) version when read
    privacy_version: int = 0  # the community's count of changes to who may be recommended
    # resident -> those with an "I know them" between them awaiting confirmation, whoever said it
    pending: dict[str, frozenset[str]] = field(default_factory=dict)
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo_lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its built indexes (a snapshot is built in another process)."""
        state = self.__dict__.copy()
        state.pop("_memo_lock", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._memo_lock = threading.Lock()

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value derived from this snapshot, built once (recommenders' per-weights indexes)."""
        if key not in self._memo:
            with self._memo_lock:
                if key not in self._memo:
                    self._memo[key] = build()
        value: T = self._memo[key]
        return value

    # indexes -----------------------------------------------------------------------------
    @cached_property
    def neighbours(self) -> dict[str, dict[str, float]]:
        """Tie adjacency: resident -> {acquaintance: weight}."""
        adj: dict[str, dict[str, float]] = defaultdict(dict)
        for (a, b), w in self.ties.items():
            adj[a][b] = w
            adj[b][a] = w
        return adj

    @cached_property
    def by_building(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for p in sorted(self.people.values(), key=lambda p: p.id):
            if p.building_id:
                out[p.building_id].append(p.id)
        return out

    @cached_property
    def households(self) -> dict[str, frozenset[str]]:
        """household -> the residents who live in it."""
        out: dict[str, set[str]] = defaultdict(set)
        for p in self.people.values():
            if p.household_id is not None:
                out[p.household_id].add(p.id)
        return {h: frozenset(members) for h, members in out.items()}

    @cached_property
    def building_ids(self) -> frozenset[str]:
        """Buildings where residents of this community live."""
        return frozenset(self.by_building)

    @cached_property
    def groups_of(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for g in self.groups.values():
            for m in g.members:
                out[m].add(g.id)
        return out

    @cached_property
    def attended_by(self) -> dict[str, dict[str, datetime | None]]:
        """resident -> {activity: check-in time} (cancelled activities included: they met)."""
        out: dict[str, dict[str, datetime | None]] = defaultdict(dict)
        for a in self.activities.values():
            for r, at in a.attended.items():
                out[r][a.id] = at
        return out

    @cached_property
    def helped_count(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for h in self.helps:
            out[h.helper_id] += h.times
        return out

    @cached_property
    def tie_paths(self) -> TiePaths:
        """The tie graph for shortest-path searches in C (team formation)."""
        return TiePaths.from_ties(self.people, self.ties)

    @cached_property
    def betweenness(self) -> dict[str, float]:
        """Bridging centrality on the tie graph (all sources up to 1,000 residents, then 300
        sampled, seeded: ~0.3 s at 20,000 residents)."""
        paths = self.tie_paths
        n = len(paths.ids)
        k = None if n <= 1000 else 300
        return bridging.betweenness(paths.ids, paths.edges(), k=k, seed=7)

    @cached_property
    def betweenness_top(self) -> float:
        """The largest bridging centrality (1.0 if none): the scale of `betweenness`."""
        return max(self.betweenness.values(), default=0.0) or 1.0

    @cached_property
    def helps_by_helper(self) -> dict[str, list["Help"]]:
        out: dict[str, list[Help]] = defaultdict(list)
        for h in self.helps:
            out[h.helper_id].append(h)
        return out

    def already_known(self, resident_id: str) -> set[str]:
        """Whom not to suggest meeting: acquaintances, pending declarations either way, the
        people they live with, themself.

        One who said "I know them" waits for the other's confirmation; the other is asked to
        confirm it (the console's "有邻居说认识你"), not to meet them. A household is rarely
        declared as acquaintances, yet shares the floor and often the interests: without this
        a resident's own family topped their list."""
        return (
            set(self.neighbours.get(resident_id, {}))
            | self.pending.get(resident_id, frozenset())
            | self.home_of(resident_id)
        )

    def home_of(self, resident_id: str) -> frozenset[str]:
        """The resident and the people they live with (their household)."""
        me = self.people.get(resident_id)
        if me is None or me.household_id is None:
            return frozenset({resident_id})
        return self.households.get(me.household_id, frozenset()) | {resident_id}

    # helpers -----------------------------------------------------------------------------
    @cached_property
    def consenting(self) -> frozenset[str]:
        """Residents who agreed to be recommended to others."""
        return frozenset(i for i, p in self.people.items() if p.may_be_recommended)

    def recommendable(self, ids: Iterable[str]) -> list[str]:
        """Only residents who consented to be recommended, in id order."""
        return sorted(i for i in ids if i in self.consenting)

    def tie(self, a: str, b: str) -> float:
        return self.ties.get(pair(a, b), 0.0)

    def age_days(self, at: datetime | None) -> float | None:
        return None if at is None else max(0.0, (self.now - at).total_seconds() / 86400)

    def warm_up(self) -> None:
        """Compute the expensive indexes now (off the event loop), not on a request."""
        for index in (
            "neighbours",
            "by_building",
            "households",
            "groups_of",
            "attended_by",
            "helped_count",
            "consenting",
        ):
            getattr(self, index)
        _ = self.betweenness_top
        _ = self.helps_by_helper
        _ = self.tie_paths
