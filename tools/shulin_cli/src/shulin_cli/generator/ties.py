"""Acquaintance ties as they form during the year: who declared knowing whom, and who confirmed."""

import random
from collections import defaultdict
from datetime import date

from shulin_cli.generator.plan import AcquaintancePlan, IdFactory, ResidentPlan


class TieBook:
    """Declared acquaintances, one per unordered pair, and each resident's known neighbours.

    `known` keeps each resident's neighbours in the order they met (a dict, not a set): the
    generator picks from it, and set order would change with PYTHONHASHSEED between processes.
    """

    def __init__(self, rng: random.Random, ids: IdFactory, confirm_rate: float = 0.8) -> None:
        self._rng = rng
        self._ids = ids
        self._confirm_rate = confirm_rate
        self.declarations: list[AcquaintancePlan] = []
        self.known: dict[str, dict[str, None]] = defaultdict(dict)

    def knows(self, a: str, b: str) -> bool:
        return b in self.known.get(a, ())

    def declare(self, from_id: str, to_id: str, context: str, on: date) -> None:
        if from_id == to_id or self.knows(from_id, to_id):
            return
        self.known[from_id][to_id] = None
        self.known[to_id][from_id] = None
        self.declarations.append(
            AcquaintancePlan(
                id=self._ids.next("tie"),
                from_resident_id=from_id,
                to_resident_id=to_id,
                context=context,
                declared_on=on,
                confirmed=self._rng.random() < self._confirm_rate,
            )
        )


def neighbour_ties(
    rng: random.Random,
    book: TieBook,
    residents: list[ResidentPlan],
    start_date: date,
    adult_birth_year: int,
) -> None:
    """Adults on the same floor of a unit often know each other; on the next floor, some do."""
    floors: dict[tuple[str, int, int], dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for resident in residents:
        if resident.birth_year <= adult_birth_year:
            place = (resident.building_id, resident.unit, resident.floor)
            floors[place][resident.household_id].append(resident.id)
    for (building, unit, floor), households in floors.items():
        here = list(households.values())
        above = list(floors.get((building, unit, floor + 1), {}).values())
        pairs = [(a, b, "floor", 0.5) for i, a in enumerate(here) for b in here[i + 1 :]]
        pairs += [(a, b, "unit", 0.12) for a in here for b in above]
        for first, second, context, chance in pairs:
            if rng.random() < chance:
                on = date.fromordinal(start_date.toordinal() + rng.randint(0, 90))
                book.declare(rng.choice(first), rng.choice(second), context, on)
