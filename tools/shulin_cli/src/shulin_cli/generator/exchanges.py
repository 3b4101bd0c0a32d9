"""Request and offer lists matched into skill exchanges, micro-wishes, and the points ledger."""

import random
from collections import Counter
from datetime import date, timedelta

from shulin_cli.generator.audience import Audience
from shulin_cli.generator.parameters import GeneratorParameters
from shulin_cli.generator.plan import (
    ActivityPlan,
    ExchangePlan,
    IdFactory,
    ListingPlan,
    PointsEntryPlan,
    WishPlan,
)
from shulin_cli.generator.vocabulary import REQUEST_TITLES, SKILL_NAMES, WISH_TITLES

ELDERLY_NEEDS: tuple[str, ...] = (
    "appliance_repair",
    "plumbing",
    "digital_help",
    "haircut",
    "driving",
    "nurse",
)
ELDERLY_NEEDS += ("doctor", "elderly_care", "counselling")
FAMILY_NEEDS = ("childcare", "teacher", "translation", "lawyer", "cooking", "photography")
POINTS_PER_HOUR = 10
POINTS_PER_WISH = 20
RATINGS = (1, 2, 3, 4, 5)
RATING_WEIGHTS = (1, 1, 3, 15, 30)


class Ledger:
    def __init__(self, ids: IdFactory) -> None:
        self._ids = ids
        self.entries: list[PointsEntryPlan] = []
        self.balance: Counter[str] = Counter()

    def record(
        self, rid: str, amount: int, reason: str, ref: str | None, on: date, hours: float | None
    ) -> None:
        entry = PointsEntryPlan(self._ids.next("points"), rid, amount, reason, ref, on, hours)
        self.entries.append(entry)
        self.balance[rid] += amount


def _helper(
    rng: random.Random, audience: Audience, needer: str, tag: str, load: Counter[str]
) -> str | None:
    """Someone with the skill, preferring the same building, then compound, then the less asked."""
    person = audience.by_id[needer]
    candidates = [rid for rid in audience.skilled.get(tag, []) if rid != needer]
    if not candidates:
        return None
    candidates = rng.sample(candidates, min(40, len(candidates)))

    def weight(rid: str) -> float:
        helper = audience.by_id[rid]
        near = 4.0 if helper.building_id == person.building_id else 1.0
        near *= 2.0 if helper.compound_id == person.compound_id else 1.0
        consent = 1.0 if helper.may_be_recommended else 0.2
        return near * consent / (1 + load[rid])

    return rng.choices(candidates, weights=[weight(rid) for rid in candidates])[0]


def plan_exchanges(
    rng: random.Random,
    ids: IdFactory,
    params: GeneratorParameters,
    audience: Audience,
    ledger: Ledger,
    start_date: date,
) -> tuple[list[ListingPlan], list[ExchangePlan]]:
    count = round(
        params.listings_per_1000_residents * len(audience.by_id) / 1000 * params.days / 365
    )
    listings: list[ListingPlan] = []
    exchanges: list[ExchangePlan] = []
    load: Counter[str] = Counter()
    for _ in range(count):
        posted = start_date + timedelta(days=rng.randrange(params.days))
        if rng.random() < 0.6:
            poster = rng.choice(audience.elderly if rng.random() < 0.55 else audience.adults)
            needs = ELDERLY_NEEDS if audience.age(poster) >= 60 else FAMILY_NEEDS
            tag = rng.choice(needs)
            listing = ListingPlan(
                ids.next("listing"), "request", poster, [tag], REQUEST_TITLES[tag], posted
            )
            helper, helped = _helper(rng, audience, poster, tag, load), poster
            matched = helper is not None and rng.random() < 0.75
        else:
            tag = rng.choice([t for t in SKILL_NAMES if audience.skilled.get(t)])
            poster = rng.choice(audience.skilled[tag])
            title = f"可提供{SKILL_NAMES[tag]}帮助"
            listing = ListingPlan(ids.next("listing"), "offer", poster, [tag], title, posted)
            compound = audience.in_compound[audience.by_id[poster].compound_id]
            helper, helped = poster, rng.choice(compound)
            matched = helped != poster and rng.random() < 0.5
        listings.append(listing)
        if not matched or helper is None:
            continue
        load[helper] += 1
        agreed = posted + timedelta(days=rng.randint(0, 5))
        done = rng.random() < 0.85
        hours = rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0)) if done else None
        exchange = ExchangePlan(
            id=ids.next("exchange"),
            listing_id=listing.id,
            helper_id=helper,
            helped_id=helped,
            skill_tags=[tag],
            agreed_on=agreed,
            completed_hours=hours,
            helper_rating=rng.choices(RATINGS, RATING_WEIGHTS)[0] if done else None,
            helped_rating=rng.choices(RATINGS, RATING_WEIGHTS)[0]
            if done and rng.random() < 0.6
            else None,
        )
        exchanges.append(exchange)
        if hours is not None:
            done_on = agreed + timedelta(days=rng.randint(0, 7))
            ledger.record(
                helper, round(hours * POINTS_PER_HOUR), "exchange", exchange.id, done_on, None
            )
    return listings, exchanges


def plan_wishes(
    rng: random.Random,
    ids: IdFactory,
    params: GeneratorParameters,
    audience: Audience,
    ledger: Ledger,
    start_date: date,
) -> list[WishPlan]:
    count = round(params.wishes_per_1000_residents * len(audience.by_id) / 1000 * params.days / 365)
    in_need = [r.id for r in audience.by_id.values() if r.elderly_living_alone or r.needs_care]
    helpers_by_compound: dict[str, list[str]] = {}
    for resident in audience.by_id.values():
        if {"volunteer", "building_head", "community_operator"} & set(resident.roles):
            helpers_by_compound.setdefault(resident.compound_id, []).append(resident.id)
    wishes: list[WishPlan] = []
    for _ in range(count):
        poster = rng.choice(in_need or audience.elderly)
        posted = start_date + timedelta(days=rng.randrange(params.days))
        nearby = helpers_by_compound.get(audience.by_id[poster].compound_id) or audience.adults
        claimant = rng.choice(nearby) if rng.random() < 0.85 else None
        fulfilled = claimant is not None and rng.random() < 0.8
        wish = WishPlan(
            ids.next("wish"), poster, rng.choice(WISH_TITLES), posted, claimant, fulfilled
        )
        wishes.append(wish)
        if fulfilled and claimant is not None:
            on = posted + timedelta(days=rng.randint(1, 14))
            ledger.record(claimant, POINTS_PER_WISH, "wish_fulfilled", wish.id, on, None)
    return wishes


def volunteer_points(
    rng: random.Random, activities: list[ActivityPlan], ledger: Ledger, redeem_on: date
) -> None:
    """Organisers and patrol volunteers log their hours; some residents redeem their points."""
    for activity in activities:
        hours = (activity.ends_at - activity.starts_at).total_seconds() / 3600
        volunteers = list(activity.checked_in) if activity.kind == "VOLUNTEER_PATROL" else []
        if activity.organizer_id and activity.organizer_id not in volunteers:
            volunteers.append(activity.organizer_id)
        for rid in volunteers:
            on = activity.starts_at.date()
            ledger.record(
                rid, round(hours * POINTS_PER_HOUR), "volunteer_hours", activity.id, on, hours
            )
    for rid, balance in sorted(ledger.balance.items()):
        if balance >= 50 and rng.random() < 0.3:
            spent = rng.randint(20, balance // 2)
            ledger.record(rid, -spent, "redemption", None, redeem_on, None)
