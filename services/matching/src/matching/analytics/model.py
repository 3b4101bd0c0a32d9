"""The facts analytics reads from the graph, as plain values (times are epoch milliseconds).

Resident keys are only used inside the computation to build the tie graph; no answer carries them.
"""

from dataclasses import dataclass, field
from enum import Enum


class Level(Enum):
    BUILDING = "building"
    COMPOUND = "compound"
    COMMUNITY = "community"


@dataclass(frozen=True)
class BuildingInfo:
    id: str
    name: str
    compound_id: str | None = None
    compound_name: str | None = None


@dataclass(frozen=True)
class ResidentFacts:
    key: str
    building_id: str
    registered_ms: int | None = None  # None: registered before anything we know of
    elderly_living_alone: bool = False


@dataclass(frozen=True)
class TieFacts:
    a: str
    b: str
    since_ms: int | None = None


@dataclass(frozen=True)
class ExchangeFacts:
    helper: str
    helped: str
    hours: float
    completed_ms: int


@dataclass(frozen=True)
class WishFacts:
    resident: str
    fulfilled_ms: int


@dataclass(frozen=True)
class CommunityFacts:
    """Everything one community's analytics needs up to the latest window's end."""

    community_id: str
    name: str
    buildings: tuple[BuildingInfo, ...]
    residents: tuple[ResidentFacts, ...] = ()
    ties: tuple[TieFacts, ...] = ()
    exchanges: tuple[ExchangeFacts, ...] = ()
    wishes: tuple[WishFacts, ...] = ()
    # resident key -> indexes of the requested windows in which they attended an activity
    attended: dict[str, frozenset[int]] = field(default_factory=dict)

    def building(self, building_id: str) -> BuildingInfo | None:
        return next((b for b in self.buildings if b.id == building_id), None)
