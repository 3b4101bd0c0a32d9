"""Generate a whole community and a year of its life, deterministically for a seed."""

import random
from datetime import date, timedelta

from shulin_cli.generator.activities import plan_activities
from shulin_cli.generator.audience import Audience
from shulin_cli.generator.exchanges import Ledger, plan_exchanges, plan_wishes, volunteer_points
from shulin_cli.generator.groups import plan_groups
from shulin_cli.generator.households import draft_households
from shulin_cli.generator.parameters import DEFAULT_START_DATE, GeneratorParameters
from shulin_cli.generator.places import build_compounds
from shulin_cli.generator.plan import CommunityPlan, IdFactory
from shulin_cli.generator.residents import assign_roles, build_residents
from shulin_cli.generator.ties import TieBook, neighbour_ties
from shulin_cli.generator.vocabulary import COMMUNITY_NAMES


def generate_community(
    params: GeneratorParameters, seed: int, start_date: date = DEFAULT_START_DATE
) -> CommunityPlan:
    """The community, its people and a year of activity from `start_date` on."""
    rng = random.Random(f"shulin:{params.size}:{seed}")
    key = f"{params.size}{seed}"
    ids = IdFactory(key)
    name, district = rng.choice(COMMUNITY_NAMES)
    plan = CommunityPlan(
        key=key,
        seed=seed,
        size=params.size,
        start_date=start_date,
        id=ids.next("community"),
        name=name,
        district=district,
    )
    plan.compounds, plan.buildings, flats = build_compounds(rng, ids, params)
    drafts = draft_households(rng, flats, params.residents, params.newcomer_share)
    plan.households, plan.residents = build_residents(
        rng, ids, params, drafts, start_date, ref_prefix=key.upper()
    )
    year = start_date.year
    assign_roles(rng, params, plan.buildings, plan.residents, year)
    audience = Audience(plan.residents, year)
    ties = TieBook(rng, ids)
    neighbour_ties(rng, ties, plan.residents, start_date, adult_birth_year=year - 18)
    plan.groups = plan_groups(rng, ids, params, plan.compounds, audience, ties, start_date)
    plan.activities = plan_activities(rng, ids, params, plan.buildings, audience, ties, start_date)
    ledger = Ledger(ids)
    plan.listings, plan.exchanges = plan_exchanges(rng, ids, params, audience, ledger, start_date)
    plan.wishes = plan_wishes(rng, ids, params, audience, ledger, start_date)
    last_day = start_date + timedelta(days=params.days - 1)
    volunteer_points(rng, plan.activities, ledger, last_day)
    plan.points = ledger.entries
    plan.acquaintances = ties.declarations
    return plan
