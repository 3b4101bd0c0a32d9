"""Households: who lives together at one flat, their ages, genders and where they come from."""

import random
from dataclasses import dataclass, field

from shulin_cli.generator.places import Flat
from shulin_cli.generator.vocabulary import HOME_REGIONS

# Household kinds with their weights in old and in new compounds.
KIND_WEIGHTS: dict[str, tuple[int, int]] = {
    "elderly_alone": (14, 6),  # 独居老人
    "elderly_couple": (22, 12),  # 空巢老人
    "single": (8, 12),
    "couple": (8, 12),
    "family": (20, 32),  # parents with children
    "three_generations": (16, 16),
    "couple_adult_child": (10, 7),
    "flatmates": (2, 3),
}
NEWCOMER_SHARE_FACTOR: dict[str, float] = {"elderly_alone": 0.15, "elderly_couple": 0.25}


@dataclass
class MemberDraft:
    age: int
    gender: str
    relation: str  # head, spouse, child, grandparent, flatmate
    surname: str | None = None  # set for children (the father's) once names are drawn


@dataclass
class HouseholdDraft:
    flat: Flat
    kind: str
    home_region: str | None
    dialect: str | None
    years_here: int
    members: list[MemberDraft] = field(default_factory=list)


def _spouse_age(rng: random.Random, husband_age: int) -> int:
    return max(20, husband_age - rng.choice((0, 1, 2, 2, 3, 4, 5)))


def _children(rng: random.Random, mother_age: int, count: int, max_age: int) -> list[MemberDraft]:
    oldest = max(0, min(max_age, mother_age - 22))
    return [
        MemberDraft(rng.randint(0, oldest), rng.choice(("female", "male")), "child")
        for _ in range(count)
    ]


def _couple(rng: random.Random, low: int, high: int) -> list[MemberDraft]:
    husband = rng.randint(low, high)
    return [
        MemberDraft(husband, "male", "head"),
        MemberDraft(_spouse_age(rng, husband), "female", "spouse"),
    ]


def members_of(rng: random.Random, kind: str) -> list[MemberDraft]:
    if kind == "elderly_alone":
        gender = "female" if rng.random() < 0.65 else "male"
        return [MemberDraft(rng.randint(65, 92), gender, "head")]
    if kind == "elderly_couple":
        return _couple(rng, 62, 88)
    if kind == "single":
        return [MemberDraft(rng.randint(22, 45), rng.choice(("female", "male")), "head")]
    if kind == "couple":
        return _couple(rng, 25, 40)
    if kind == "flatmates":
        gender = rng.choice(("female", "male"))
        return [
            MemberDraft(rng.randint(20, 32), gender, "flatmate") for _ in range(rng.randint(2, 3))
        ]
    if kind == "couple_adult_child":
        parents = _couple(rng, 50, 70)
        child_age = rng.randint(20, min(38, parents[1].age - 20))
        return [*parents, MemberDraft(child_age, rng.choice(("female", "male")), "child")]
    parents = _couple(rng, 28, 50)
    kids = _children(rng, parents[1].age, rng.choices((1, 2, 3), weights=(55, 40, 5))[0], 18)
    if kind == "family":
        return [*parents, *kids]
    # three generations: one or two grandparents, usually the wife's or husband's parents
    grandfather = parents[0].age + rng.randint(25, 32)
    grandparents = [MemberDraft(grandfather, "male", "grandparent")]
    if rng.random() < 0.6:
        grandparents.append(MemberDraft(_spouse_age(rng, grandfather), "female", "grandparent"))
    elif rng.random() < 0.7:
        grandparents[0] = MemberDraft(grandfather - 2, "female", "grandparent")
    return [*parents, *kids, *grandparents]


def draft_households(
    rng: random.Random, flats: list[Flat], target_residents: int, newcomer_share: float
) -> list[HouseholdDraft]:
    """Households in randomly chosen flats until the target number of residents is reached."""
    order = list(range(len(flats)))
    rng.shuffle(order)
    regions = [region for region, _, _ in HOME_REGIONS]
    dialects = {region: dialect for region, dialect, _ in HOME_REGIONS}
    region_weights = [weight for _, _, weight in HOME_REGIONS]
    kinds = list(KIND_WEIGHTS)
    weights_old = [old for old, _ in KIND_WEIGHTS.values()]
    weights_new = [new for _, new in KIND_WEIGHTS.values()]
    drafts: list[HouseholdDraft] = []
    residents = 0
    for index in order:
        if residents >= target_residents:
            break
        flat = flats[index]
        kind = rng.choices(kinds, weights=weights_old if flat.era == "old" else weights_new)[0]
        newcomer = rng.random() < newcomer_share * NEWCOMER_SHARE_FACTOR.get(kind, 1.0)
        region = rng.choices(regions, weights=region_weights)[0] if newcomer else None
        years_cap = 8 if newcomer else (30 if flat.era == "old" else 12)
        draft = HouseholdDraft(
            flat=flat,
            kind=kind,
            home_region=region,
            dialect=dialects[region] if region else None,
            years_here=rng.randint(0, years_cap),
            members=members_of(rng, kind),
        )
        drafts.append(draft)
        residents += len(draft.members)
    drafts.sort(key=lambda d: (d.flat.building_id, d.flat.unit, d.flat.floor, d.flat.door))
    return drafts
