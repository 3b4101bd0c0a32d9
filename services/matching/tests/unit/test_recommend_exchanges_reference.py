"""The array scoring of exchange matches gives exactly the answers of the per-resident loop it
replaced (kept here as the reference), on a random community with every awkward case: residents
without a building, ties to people who moved out, several tags, both directions, every mode."""

import random
from collections.abc import Sequence
from types import SimpleNamespace as NS

import pytest

from matching.recommend.exchanges import (
    NO_HELPERS,
    NO_TAKERS,
    _explained,
    _helper_fit,
    _Match,
    _taker_fit,
    _Why,
    best,
    exchange_index,
    exchange_matches,
)
from matching.recommend.explain import NOTE_NON_PERSONALISED, NOTE_OFF, Answer, answer
from matching.recommend.groups import saturating
from matching.recommend.operators import decay
from matching.recommend.snapshot import Person, Snapshot
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import ExchangeWeights

TAGS = ["nurse", "health_advice", "plumbing", "cooking", "lawyer", "not_in_taxonomy"]


def reference(
    snap: Snapshot,
    me: Person,
    tags: Sequence[str],
    offering: bool,
    sim: TagSimilarity,
    w: ExchangeWeights,
    first: int,
) -> Answer:
    """The scoring as one loop over residents (the implementation before the arrays)."""
    if me.mode == "off":
        return Answer([], NOTE_OFF)
    ix = exchange_index(snap, w)
    recent = {
        v: sum(decay(snap.age_days(h.last_at), w.recent_days) for h in helps)
        for v, helps in snap.helps_by_helper.items()
    }
    personalised = me.mode != "non_personalised"
    mine = snap.neighbours.get(me.id, {})
    my_goods = set(me.skills) | set(me.offers)
    found = []
    for v in ix.concerned(tags, offering, sim):
        p = snap.people[v]
        if v == me.id or (me.household_id and p.household_id == me.household_id):
            continue
        fit, how = _taker_fit(p, tags, sim) if offering else _helper_fit(p, tags, sim)
        if fit <= 0:
            continue
        load = 0.0 if offering else saturating(recent.get(v, 0.0), 2)
        if not personalised:
            popular = saturating(snap.helped_count.get(v, 0), 3)
            score = w.fit * fit + w.trust * popular
            found.append(_Match(v, score, {"fit": fit, "popularity": popular}, _Why(how)))
            continue
        near = (
            1.0
            if p.building_id and p.building_id == me.building_id
            else (0.5 if p.compound_id and p.compound_id == me.compound_id else 0.0)
        )
        theirs = snap.neighbours.get(v, {})
        mutual = sum(1 for z in theirs if z in mine)
        tie = mine.get(v, 0.0)
        rated = [h.rating for h in snap.helps_by_helper.get(v, []) if h.rating is not None]
        rating = sum(rated) / len(rated) / 5.0 if rated else 0.0
        trust = 0.5 * saturating(tie, 1) + 0.3 * saturating(mutual, 2) + 0.2 * rating
        gives_back = p.needs & my_goods if not offering else (set(p.skills) | p.offers) & me.needs
        reciprocity = 1.0 if gives_back else 0.0
        parts = {"fit": fit, "nearness": near, "trust": trust, "reciprocity": reciprocity}
        parts["load"] = load
        score = (
            w.fit * fit
            + w.nearness * near
            + w.trust * trust
            + w.reciprocity * reciprocity
            - w.load * load
        )
        why = _Why(how, near, tie, mutual, tuple(sorted(gives_back)), personalised=True)
        found.append(_Match(v, score, parts, why))
    top = [_explained(snap, m, tags, offering) for m in best(found, first)]
    note = None if personalised else NOTE_NON_PERSONALISED
    return answer(top, NO_TAKERS if offering else NO_HELPERS, note)


def random_world(rw: NS, seed: int) -> NS:
    rng = random.Random(seed)
    skills = TAGS[:5]
    people = []
    for i in range(240):
        building = rng.choice(["b1", "b2", "b3", None])
        compound = None if building is None and rng.random() < 0.5 else rng.choice(["c1", "c2"])
        people.append(
            rw.person(
                f"r{i:03d}",
                building,
                compound_id=compound,
                skills={t: rng.randint(1, 5) for t in rng.sample(skills, rng.randint(0, 2))},
                offers=frozenset(rng.sample(skills, rng.randint(0, 1))),
                needs=frozenset(rng.sample(skills, rng.randint(0, 2))),
                may_be_recommended=rng.random() < 0.85,
                household_id=f"h{i // 3}" if i % 4 else None,
                mode=rng.choice(["personalised"] * 6 + ["non_personalised", "off"]),
            )
        )
    ids = [p.id for p in people] + ["moved_out"]
    ties = {}
    for _ in range(900):
        a, b = rng.sample(ids, 2)
        ties[(a, b)] = rng.choice([0.2, 0.5, 1.0, 1 / 3])
    helps = [
        rw.helped(
            rng.choice(ids[:-1]), rng.choice(ids[:-1]), rng.uniform(0, 200), rng.choice([None, 4])
        )
        for _ in range(300)
    ]
    snap = rw.snapshot(people, ties, helps=helps)
    return NS(snap=snap, people=people, sim=TagSimilarity(snap.skills), rng=rng)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_arrays_answer_exactly_as_the_loop(rw: NS, seed: int) -> None:
    world = random_world(rw, seed)
    weights = ExchangeWeights()
    strangers = [Person("newcomer"), Person("homeless", None, None)]
    compared = 0
    for me in world.people[:60] + strangers:
        for offering in (False, True):
            tags = world.rng.sample(TAGS, world.rng.choice([1, 1, 2, 3]))
            for first in (1, 10):
                args = (world.snap, me, tags, offering, world.sim, weights, first)
                assert exchange_matches(*args) == reference(*args), (me.id, tags, offering)
                compared += 1
    assert compared == 62 * 4


def test_the_random_world_exercises_every_case(rw: NS) -> None:
    """The comparison above would prove little on answers that are all empty or all alike."""
    world = random_world(rw, 1)
    weights = ExchangeWeights()
    answers = [
        reference(world.snap, me, ["plumbing"], offering, world.sim, weights, 10)
        for me in world.people[:60]
        for offering in (False, True)
    ]
    items = [i for a in answers for i in a.items]
    assert sum(1 for a in answers if a.items) > 50
    assert any(i.parts.get("reciprocity") == 1.0 for i in items)
    assert any(i.parts.get("nearness") == 0.5 for i in items)
    assert any(i.parts.get("load", 0) > 0 for i in items)
    assert any("popularity" in i.parts for i in items)
    assert any("共同认识" in i.reason_zh for i in items)
