"""Compounds and buildings of realistic sizes, and the flats households live in."""

import math
import random
from dataclasses import dataclass

from shulin_cli.generator.parameters import GeneratorParameters
from shulin_cli.generator.plan import BuildingPlan, CompoundPlan, IdFactory
from shulin_cli.generator.vocabulary import COMPOUND_NAMES

# Building styles: (name, floors range, units range, flats per floor range, share).
# Old walk-ups dominate 1990s compounds; high-rises the newer ones.
STYLES: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    "walkup": ((6, 8), (2, 4), (2, 2)),
    "midrise": ((11, 18), (1, 3), (2, 3)),
    "highrise": ((24, 33), (1, 2), (2, 4)),
}
STYLE_MIX_BY_ERA: dict[str, dict[str, int]] = {
    "old": {"walkup": 85, "midrise": 15, "highrise": 0},
    "new": {"walkup": 5, "midrise": 45, "highrise": 50},
}
ERA_OLD_SHARE = 0.5


@dataclass(frozen=True)
class Flat:
    building_id: str
    compound_id: str
    unit: int
    floor: int
    door: str
    era: str


def compound_sizes(rng: random.Random, params: GeneratorParameters) -> list[int]:
    """Buildings per compound; the first compound of a big community is 金域蓝湾-sized."""
    remaining = params.buildings
    sizes: list[int] = []
    if remaining >= 100:
        sizes.append(params.compounds_max_buildings)
        remaining -= params.compounds_max_buildings
    while remaining > 0:
        drawn = round(rng.lognormvariate(math.log(14), 0.6))
        size = max(params.compounds_min_buildings, min(params.compounds_max_buildings, drawn))
        if remaining - size < params.compounds_min_buildings:
            size = remaining
        sizes.append(size)
        remaining -= size
    return sizes


def build_compounds(
    rng: random.Random, ids: IdFactory, params: GeneratorParameters
) -> tuple[list[CompoundPlan], list[BuildingPlan], list[Flat]]:
    compounds: list[CompoundPlan] = []
    buildings: list[BuildingPlan] = []
    flats: list[Flat] = []
    names = list(COMPOUND_NAMES)
    for index, size in enumerate(compound_sizes(rng, params)):
        name = names[index] if index < len(names) else f"{names[index % len(names)]}{index}期"
        compound = CompoundPlan(id=ids.next("compound"), name=name)
        compounds.append(compound)
        era = "old" if rng.random() < ERA_OLD_SHARE else "new"
        mix = STYLE_MIX_BY_ERA[era]
        for number in range(1, size + 1):
            style = rng.choices(list(mix), weights=list(mix.values()))[0]
            floors_range, units_range, per_floor_range = STYLES[style]
            building = BuildingPlan(
                id=ids.next("building"),
                compound_id=compound.id,
                name=f"{name}{number}栋",
                floors=rng.randint(*floors_range),
                units=rng.randint(*units_range),
                flats_per_floor=rng.randint(*per_floor_range),
            )
            buildings.append(building)
            flats.extend(flats_of(building, era))
    return compounds, buildings, flats


def flats_of(building: BuildingPlan, era: str) -> list[Flat]:
    return [
        Flat(building.id, building.compound_id, unit, floor, f"{floor}{door:02d}", era)
        for unit in range(1, building.units + 1)
        for floor in range(1, building.floors + 1)
        for door in range(1, building.flats_per_floor + 1)
    ]
