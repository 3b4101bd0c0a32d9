"""A person's profile: name, languages, occupation, availability, skills and interests."""

import random
from collections.abc import Callable

from shulin_cli.generator.households import HouseholdDraft, MemberDraft
from shulin_cli.generator.plan import SkillPlan
from shulin_cli.generator.vocabulary import (
    BACKGROUNDS,
    GIVEN_NAMES,
    HOBBY_SKILLS,
    LOCAL_DIALECT,
    SURNAMES,
)

PROFESSIONS_VERIFIED = {"doctor", "nurse", "lawyer", "teacher"}
MOBILE_PREFIXES: tuple[str, ...] = (
    "138",
    "139",
    "135",
    "136",
    "137",
    "150",
    "151",
    "158",
    "159",
    "186",
    "187",
)
MOBILE_PREFIXES += ("188", "130", "131", "132", "155", "156", "185", "133", "153", "180", "189")

_surnames = [name for name, _ in SURNAMES]
_surname_weights = [weight for _, weight in SURNAMES]
_backgrounds = [name for name, _, _ in BACKGROUNDS]
_background_weights = [weight for _, weight, _ in BACKGROUNDS]
_background_skills = {name: skills for name, _, skills in BACKGROUNDS}


def surname(rng: random.Random) -> str:
    return rng.choices(_surnames, weights=_surname_weights)[0]


def given_name(rng: random.Random, birth_year: int, gender: str) -> str:
    for latest, male, female in GIVEN_NAMES:
        if birth_year <= latest:
            return rng.choice(male if gender == "male" else female)
    raise AssertionError("the last cohort is open-ended")


def phone_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in taken:
            taken.add(number)
            return number


def languages(rng: random.Random, household: HouseholdDraft, age: int) -> list[str]:
    spoken: list[str] = []
    if household.dialect is None:
        spoken.append(LOCAL_DIALECT)
        if age < 70 or rng.random() < 0.5:
            spoken.append("普通话")
    else:
        spoken.append(household.dialect)
        if age < 75 or rng.random() < 0.4:  # 随迁老人 often speak only their dialect
            spoken.append("普通话")
        if age < 30 and rng.random() < 0.4:
            spoken.append(LOCAL_DIALECT)
    if 16 <= age < 45 and rng.random() < 0.25:
        spoken.append("英语")
    return spoken


def occupation_of(rng: random.Random, member: MemberDraft) -> tuple[str, bool]:
    """(occupation, retired): current or former occupation for adults."""
    if member.age < 6:
        return "child", False
    if member.age < 22:
        return "student", False
    retirement_age = 60 if member.gender == "male" else rng.choice((50, 55, 55, 60))
    background = rng.choices(_backgrounds, weights=_background_weights)[0]
    if member.age >= retirement_age:
        return background, True
    if rng.random() < 0.07:
        return "homemaker", False
    return background, False


def availability(occupation: str, retired: bool, rng: random.Random) -> list[str]:
    if retired:
        return (
            ["weekday_daytime", "weekend", "flexible"]
            if rng.random() < 0.4
            else [
                "weekday_daytime",
                "weekend",
            ]
        )
    if occupation == "child":
        return []
    if occupation == "student":
        return ["weekend"] if rng.random() < 0.6 else ["weekday_evening", "weekend"]
    if occupation == "homemaker":
        return ["weekday_daytime", "weekday_evening"]
    return ["weekend"] if rng.random() < 0.3 else ["weekday_evening", "weekend"]


def skills(rng: random.Random, occupation: str, retired: bool, age: int) -> list[SkillPlan]:
    held: dict[str, SkillPlan] = {}
    for index, tag in enumerate(_background_skills.get(occupation, ())):
        if index > 0 and rng.random() < 0.5:
            continue
        experience = (age >= 40) + (age >= 55)
        level = min(5, max(1, 2 + experience + rng.choice((-1, 0, 0, 1)) - index))
        verified = occupation in PROFESSIONS_VERIFIED and index == 0 and rng.random() < 0.5
        held[tag] = SkillPlan(tag, level, verified)
    if 16 <= age < 22 and rng.random() < 0.25:
        held.setdefault("digital_help", SkillPlan("digital_help", rng.randint(2, 3)))
    if age >= 22:
        for tag, young, old in HOBBY_SKILLS:
            chance = (old if age >= 50 else young) / 100
            if rng.random() < chance and tag not in held:
                held[tag] = SkillPlan(tag, rng.choices((1, 2, 3, 4), weights=(2, 4, 3, 1))[0])
    return sorted(held.values(), key=lambda skill: (-skill.level, skill.tag))


Liking = Callable[[int, str, bool], float]

# Interest → how likely a person (age, gender, has children under 12) holds it.
INTEREST_LIKING: dict[str, Liking] = {
    "square_dance": lambda a, g, _: (0.45 if g == "female" else 0.04) * (45 <= a <= 78),
    "tai_chi": lambda a, g, _: 0.25 * (a >= 55) + 0.03 * (30 <= a < 55),
    "reading": lambda a, g, _: 0.12 * (a >= 12),
    "parent_child": lambda a, g, kids: 0.55 * kids * (a < 50) + 0.15 * kids * (a >= 50),
    "badminton": lambda a, g, _: 0.22 * (10 <= a <= 50),
    "shared_garden": lambda a, g, _: 0.18 * (a >= 55) + 0.05 * (30 <= a < 55),
    "dance": lambda a, g, _: (0.25 if g == "female" else 0.04) * (6 <= a <= 50),
    "choir": lambda a, g, _: 0.16 * (a >= 50),
    "gateball": lambda a, g, _: 0.14 * (a >= 65),
    "chess": lambda a, g, _: (0.28 if g == "male" else 0.04) * (a >= 50) + 0.08 * (8 <= a < 16),
    "table_tennis": lambda a, g, _: 0.12 * (10 <= a <= 70),
    "handicraft": lambda a, g, kids: 0.1 * (g == "female") * (a >= 25) + 0.1 * kids,
    "gardening": lambda a, g, _: 0.1 * (a >= 45),
    "baking": lambda a, g, _: (0.15 if g == "female" else 0.03) * (20 <= a <= 45),
    "hiking": lambda a, g, _: 0.14 * (20 <= a <= 60),
    "volunteering": lambda a, g, _: 0.18 * (a >= 55) + 0.06 * (18 <= a < 55),
}


def interests(rng: random.Random, age: int, gender: str, has_young_children: bool) -> list[str]:
    if age < 6:
        return []
    return [
        tag
        for tag, liking in INTEREST_LIKING.items()
        if rng.random() < liking(age, gender, has_young_children)
    ]
