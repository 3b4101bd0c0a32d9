"""Who might come: residents indexed by interest, place and age, for fast weighted picks."""

import random
from collections import defaultdict

from shulin_cli.generator.plan import ResidentPlan

ELDERLY_AGE = 60


class Audience:
    def __init__(self, residents: list[ResidentPlan], year: int) -> None:
        self.year = year
        self.by_id = {r.id: r for r in residents}
        self.adults = [r.id for r in residents if year - r.birth_year >= 18]
        self.elderly = [r.id for r in residents if year - r.birth_year >= ELDERLY_AGE]
        self.fans: dict[str, list[str]] = defaultdict(list)
        self.fans_in_compound: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.in_building: dict[str, list[str]] = defaultdict(list)
        self.in_compound: dict[str, list[str]] = defaultdict(list)
        self.skilled: dict[str, list[str]] = defaultdict(list)
        for resident in residents:
            age = year - resident.birth_year
            for tag in resident.interests:
                self.fans[tag].append(resident.id)
                self.fans_in_compound[(tag, resident.compound_id)].append(resident.id)
            if age >= 18:
                self.in_building[resident.building_id].append(resident.id)
                self.in_compound[resident.compound_id].append(resident.id)
            for skill in resident.skills:
                if skill.level >= 2 and age >= 18:
                    self.skilled[skill.tag].append(resident.id)

    def age(self, resident_id: str) -> int:
        return self.year - self.by_id[resident_id].birth_year


def sample(rng: random.Random, pool: list[str], count: int) -> list[str]:
    return rng.sample(pool, min(count, len(pool))) if count > 0 else []
