"""The small-cell rule: no figure a planner sees may describe fewer than 5 residents.

1. A unit (building, compound, community, detected group) with fewer than 5 residents has every
   figure suppressed, its resident count included.
2. A count of residents in a subgroup (isolates, isolated elderly living alone, participants,
   helpers behind volunteer hours, residents party to exchanges or wishes) of 1 to 4 is
   suppressed, and so is every figure derived from it (participation rate, hours…). Zero is shown.
Suppressed figures carry no value: they are returned as suppressed, never as zero.
"""

from dataclasses import dataclass

MIN_RESIDENTS = 5

UNIT_TOO_SMALL = "UNIT_FEWER_THAN_5_RESIDENTS"
SUBGROUP_TOO_SMALL = "FIGURE_DESCRIBES_FEWER_THAN_5_RESIDENTS"
NOT_APPLICABLE = "NOT_APPLICABLE"


@dataclass(frozen=True)
class Figure:
    value: float | None
    suppressed: bool = False
    reason: str | None = None

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.value is not None


def suppressed(reason: str) -> Figure:
    return Figure(value=None, suppressed=True, reason=reason)


def not_applicable() -> Figure:
    return Figure(value=None, suppressed=False, reason=NOT_APPLICABLE)


def unit_figure(value: float | None, unit_residents: int) -> Figure:
    """A figure about the whole unit: shown only if the unit has at least 5 residents."""
    if unit_residents < MIN_RESIDENTS:
        return suppressed(UNIT_TOO_SMALL)
    return not_applicable() if value is None else Figure(value=value)


def subgroup_figure(value: float | None, describes: int, unit_residents: int) -> Figure:
    """A figure about `describes` residents of the unit (a count, or derived from one)."""
    if unit_residents < MIN_RESIDENTS:
        return suppressed(UNIT_TOO_SMALL)
    if 0 < describes < MIN_RESIDENTS:
        return suppressed(SUBGROUP_TOO_SMALL)
    return not_applicable() if value is None else Figure(value=value)


def change(before: Figure, after: Figure) -> Figure:
    """after − before; suppressed if either side is, so a change never reveals a small cell."""
    if before.suppressed or after.suppressed:
        return suppressed((before.reason if before.suppressed else after.reason) or UNIT_TOO_SMALL)
    if before.value is None or after.value is None:
        return not_applicable()
    return Figure(value=after.value - before.value)
