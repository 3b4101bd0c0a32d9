"""Households and residents from drafts; roles (building heads, operators, volunteers)."""

import random
from collections import defaultdict
from datetime import date, timedelta

from shulin_cli.generator import profiles
from shulin_cli.generator.households import HouseholdDraft
from shulin_cli.generator.parameters import GeneratorParameters
from shulin_cli.generator.plan import BuildingPlan, HouseholdPlan, IdFactory, ResidentPlan

CHILD_CONSENT_AGE = 14  # PIPL: under 14 is a minor's sensitive data; never recommended
OPERATOR_BACKGROUNDS = {"teacher", "doctor", "nurse", "lawyer", "cadre", "social_worker"}


def build_residents(
    rng: random.Random,
    ids: IdFactory,
    params: GeneratorParameters,
    drafts: list[HouseholdDraft],
    start_date: date,
    ref_prefix: str,
) -> tuple[list[HouseholdPlan], list[ResidentPlan]]:
    """Households and their members; `ref_prefix` starts each resident's 编号 (external_ref)."""
    households: list[HouseholdPlan] = []
    residents: list[ResidentPlan] = []
    phones: set[str] = set()
    for draft in drafts:
        moved_in = start_date - timedelta(days=365 * draft.years_here + rng.randint(1, 364))
        household = HouseholdPlan(
            id=ids.next("household"),
            building_id=draft.flat.building_id,
            unit=draft.flat.unit,
            floor=draft.flat.floor,
            door=draft.flat.door,
            kind=draft.kind,
            home_region=draft.home_region,
            moved_in_on=moved_in,
        )
        households.append(household)
        family_name = profiles.surname(rng)
        has_young_children = any(m.relation == "child" and m.age < 12 for m in draft.members)
        for member in draft.members:
            birth_year = start_date.year - member.age
            own_surname = family_name if member.relation in ("head", "child") else None
            name = (own_surname or profiles.surname(rng)) + profiles.given_name(
                rng, birth_year, member.gender
            )
            occupation, retired = profiles.occupation_of(rng, member)
            parent = member.relation in ("head", "spouse") and has_young_children
            adult = member.age >= CHILD_CONSENT_AGE
            has_phone = 12 <= member.age < 85 or (member.age >= 85 and rng.random() < 0.5)
            number = len(residents) + 1
            residents.append(
                ResidentPlan(
                    id=ids.next("resident"),
                    household_id=household.id,
                    building_id=household.building_id,
                    compound_id=draft.flat.compound_id,
                    external_ref=f"{ref_prefix}-{number:06d}",
                    display_name=name,
                    gender=member.gender,
                    birth_year=birth_year,
                    floor=household.floor,
                    unit=household.unit,
                    phone=profiles.phone_number(rng, phones) if has_phone else None,
                    occupation=occupation,
                    retired=retired,
                    languages=profiles.languages(rng, draft, member.age),
                    availability=profiles.availability(occupation, retired, rng),
                    skills=profiles.skills(rng, occupation, retired, member.age),
                    interests=profiles.interests(rng, member.age, member.gender, parent),
                    roles=[],
                    may_be_recommended=adult and rng.random() < params.consent_rate,
                    contact_visible_to_operators=adult and rng.random() < 0.7,
                    elderly_living_alone=draft.kind == "elderly_alone",
                    needs_care=_needs_care(rng, member.age),
                    moved_in_on=moved_in,
                )
            )
    return households, residents


def _needs_care(rng: random.Random, age: int) -> bool:
    return (age >= 80 and rng.random() < 0.4) or (age >= 70 and rng.random() < 0.08)


def _civic_score(rng: random.Random, resident: ResidentPlan, year: int) -> float:
    age = year - resident.birth_year
    score = rng.random()
    score += 1.5 * (45 <= age <= 72) + 1.0 * resident.retired
    score += 1.5 * ("volunteering" in resident.interests) + 0.3 * len(resident.skills)
    return score


def assign_roles(
    rng: random.Random,
    params: GeneratorParameters,
    buildings: list[BuildingPlan],
    residents: list[ResidentPlan],
    year: int,
) -> None:
    """楼长 per building, a few 社区运营官, 矛盾观察员 per compound, and volunteers."""
    adults = [r for r in residents if year - r.birth_year >= 18]
    score = {r.id: _civic_score(rng, r, year) for r in adults}
    by_building: dict[str, list[ResidentPlan]] = defaultdict(list)
    for resident in adults:
        by_building[resident.building_id].append(resident)
    for building in buildings:
        candidates = sorted(by_building[building.id], key=lambda r: -score[r.id])
        heads = 2 if building.units >= 3 and len(candidates) > 40 else 1
        for head in candidates[:heads]:
            head.roles.append("building_head")
    operators_wanted = max(2, round(params.operators_per_1000_residents * len(residents) / 1000))
    capable = [r for r in adults if r.occupation in OPERATOR_BACKGROUNDS and r.skills]
    capable.sort(key=lambda r: -(score[r.id] + max(s.level for s in r.skills)))
    for operator in capable[:operators_wanted]:
        operator.roles.append("community_operator")
    by_compound: dict[str, list[ResidentPlan]] = defaultdict(list)
    for resident in adults:
        if any(s.tag == "mediation" for s in resident.skills):
            by_compound[resident.compound_id].append(resident)
    for mediators in by_compound.values():
        rng.choice(mediators).roles.append("dispute_observer")
    volunteers_wanted = round(params.volunteer_share * len(adults))
    for volunteer in sorted(adults, key=lambda r: -score[r.id])[:volunteers_wanted]:
        volunteer.roles.append("volunteer")
    for resident in adults:
        resident.roles.sort()
