"""A generated community's full event history, as the residents and activities services publish it.

The `bench` preset (20,000 residents, 200 buildings, a year of activity) becomes ~200,000
envelopes on the two topics, in the order each service would have published them. Event ids are
derived from the plan's ids, so the same plan gives the same events (a replay is a duplicate).

The benchmark's year ends two weeks from today, and its history stops at now: an activity still
to come has been announced and signed up for (so there is something to recommend), nobody has
checked in yet, and nothing dated later has happened.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from shulin_cli.generator import CommunityPlan, generate_community, preset, start_date_for
from shulin_cli.generator.activities import CHINA
from shulin_events import ACTIVITIES_TOPIC, RESIDENTS_TOPIC, Envelope
from shulin_events import schemas as ev
from shulin_events.schemas import VERSIONS, Payload

NAMESPACE = uuid.UUID("5d1c9a52-6a57-4b8e-9a35-2f1f0b7a0c11")
MET_EVERY = 4  # one in four check-ins says "I met the previous attendee"
SEED = 7  # the benchmark's community, as `make bench` publishes it


@dataclass
class History:
    community_id: str
    residents: list[Envelope] = field(default_factory=list)
    activities: list[Envelope] = field(default_factory=list)

    def by_topic(self) -> dict[str, list[Envelope]]:
        return {RESIDENTS_TOPIC: self.residents, ACTIVITIES_TOPIC: self.activities}

    def __len__(self) -> int:
        return len(self.residents) + len(self.activities)


def _at(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day if day.tzinfo else day.replace(tzinfo=UTC)
    return datetime.combine(day, time(9), tzinfo=UTC)


def bench_community(
    size: str = "bench", seed: int = SEED, today: date | None = None
) -> CommunityPlan:
    """A preset's community whose year ends `ahead_days` (two weeks for `bench`) after `today`
    (default: today in China)."""
    params = preset(size)
    day = today or datetime.now(CHINA).date()
    return generate_community(params, seed, start_date_for(day, params))


def _envelope(key: str, payload: Payload, community_id: str, at: datetime) -> Envelope:
    return Envelope(
        event_id=uuid.uuid5(NAMESPACE, f"{key}:{type(payload).__name__}"),
        type=type(payload).__name__,
        version=VERSIONS[type(payload)],
        occurred_at=at,
        community_id=community_id,
        payload=payload,
    )


def _residents(
    plan: CommunityPlan, c: str, ahead: set[str]
) -> Iterator[tuple[str, Payload, datetime]]:
    start = _at(plan.start_date) - timedelta(days=1)
    yield (
        plan.id,
        ev.CommunityRegistered(community_id=c, name=plan.name, district=plan.district),
        start,
    )
    for cp in plan.compounds:
        yield cp.id, ev.CompoundAdded(compound_id=cp.id, community_id=c, name=cp.name), start
    for b in plan.buildings:
        added = ev.BuildingAdded(
            building_id=b.id, community_id=c, name=b.name, floors=b.floors,
            compound_id=b.compound_id, units=b.units,
        )  # fmt: skip
        yield b.id, added, start
    for r in plan.residents:
        at = start
        yield r.id, ev.ResidentRegistered(
            resident_id=r.id, community_id=c, building_id=r.building_id,
            floor=r.floor, household_id=r.household_id, moved_in_on=r.moved_in_on,
            languages=tuple(r.languages), availability=tuple(r.availability),
            may_be_recommended=r.may_be_recommended,
        ), at  # fmt: skip
        if r.skills:
            skills = tuple(
                ev.SkillLevel(tag=s.tag, level=s.level, verified=s.verified) for s in r.skills
            )
            yield (
                r.id,
                ev.ResidentSkillsChanged(resident_id=r.id, community_id=c, skills=skills),
                at,
            )
        if r.interests:
            yield (
                r.id,
                ev.ResidentInterestsChanged(
                    resident_id=r.id, community_id=c, interests=tuple(r.interests)
                ),
                at,
            )
        if r.roles:
            yield (
                r.id,
                ev.ResidentRolesChanged(
                    resident_id=r.id,
                    community_id=c,
                    roles=tuple(r.roles),
                ),
                at,
            )
        if r.elderly_living_alone:
            yield r.id, ev.ResidentCareFlagsChanged(
                resident_id=r.id, community_id=c, elderly_living_alone=True
            ), at  # fmt: skip
    for a in sorted(plan.acquaintances, key=lambda x: x.declared_on):
        if a.context.removeprefix("activity:") in ahead:
            continue  # met at an activity that has not begun
        pair = {"community_id": c, "from_resident_id": a.from_resident_id,
                "to_resident_id": a.to_resident_id}  # fmt: skip
        yield a.id, ev.AcquaintanceDeclared(**pair, context=a.context), _at(a.declared_on)
        if a.confirmed:
            yield a.id, ev.AcquaintanceConfirmed(**pair), _at(a.declared_on) + timedelta(hours=5)


def _activities(
    plan: CommunityPlan, c: str, now: datetime, ahead: set[str]
) -> Iterator[tuple[str, Payload, datetime]]:
    first = _at(plan.start_date)
    for g in plan.groups:
        yield g.id, ev.GroupCreated(
            group_id=g.id, community_id=c, name=g.name, kind=g.kind,
            tags=tuple(g.tags), building_id=g.building_id, compound_id=g.compound_id,
        ), first  # fmt: skip
        for m in g.members:
            yield f"{g.id}:{m.resident_id}", ev.GroupJoined(
                group_id=g.id, community_id=c, resident_id=m.resident_id, role=m.role,
            ), _at(m.joined_on)  # fmt: skip
    for a in sorted(plan.activities, key=lambda x: x.starts_at):
        opens = min(_at(a.starts_at) - timedelta(days=7), now)  # announced by now if to come
        yield a.id, ev.ActivityCreated(
            activity_id=a.id, community_id=c, title=a.title, kind=a.kind,
            starts_at=_at(a.starts_at).isoformat(), ends_at=_at(a.ends_at).isoformat(),
            capacity=a.capacity, organizer_id=a.organizer_id, tags=tuple(a.tags),
            building_ids=tuple(a.building_ids),
        ), opens  # fmt: skip
        for r in a.registered:
            yield (
                f"{a.id}:{r}",
                ev.ActivityRegistered(activity_id=a.id, community_id=c, resident_id=r),
                opens,
            )
        if a.id in ahead:
            continue  # nobody has checked in yet
        at = _at(a.starts_at)
        for i, r in enumerate(a.checked_in):
            yield (
                f"{a.id}:{r}",
                ev.ResidentCheckedIn(
                    activity_id=a.id, community_id=c, resident_id=r, checked_in_at=at.isoformat()
                ),
                at,
            )
            if i % MET_EVERY == 1:
                yield f"{a.id}:{r}", ev.NeighbourMetAtActivity(
                    activity_id=a.id, community_id=c, resident_id=r,
                    met_resident_id=a.checked_in[i - 1],
                ), at  # fmt: skip
    for li in plan.listings:
        yield li.id, ev.ListingPosted(
            listing_id=li.id, community_id=c, resident_id=li.resident_id,
            kind=li.kind, skill_tags=tuple(li.skill_tags), title=li.title,
        ), _at(li.posted_on)  # fmt: skip
    for x in plan.exchanges:
        who = {"exchange_id": x.id, "community_id": c}
        pair = {"helper_id": x.helper_id, "helped_id": x.helped_id}
        agreed = _at(x.agreed_on)
        yield (
            x.id,
            ev.ExchangeAgreed(
                **who, **pair, listing_id=x.listing_id, skill_tags=tuple(x.skill_tags)
            ),
            agreed,
        )
        if x.completed_hours:
            done = agreed + timedelta(days=2)
            yield x.id, ev.ExchangeCompleted(**who, **pair, hours=x.completed_hours), done
            if x.helper_rating:
                yield (
                    f"{x.id}:helper",
                    ev.ExchangeRated(
                        **who, rater_id=x.helped_id, rated_id=x.helper_id, rating=x.helper_rating
                    ),
                    done,
                )
            if x.helped_rating:
                yield (
                    f"{x.id}:helped",
                    ev.ExchangeRated(
                        **who, rater_id=x.helper_id, rated_id=x.helped_id, rating=x.helped_rating
                    ),
                    done,
                )
    for p in plan.points:
        if p.reference in ahead:
            continue  # volunteer hours of an activity that has not begun
        yield p.id, ev.PointsRecorded(
            entry_id=p.id, community_id=c, resident_id=p.resident_id, amount=p.amount,
            reason=p.reason, reference=p.reference,
        ), _at(p.recorded_on)  # fmt: skip
    for w in plan.wishes:
        posted = _at(w.posted_on)
        yield (
            w.id,
            ev.WishPosted(wish_id=w.id, community_id=c, resident_id=w.resident_id, title=w.title),
            posted,
        )
        if w.claimant_id:
            yield (
                w.id,
                ev.WishClaimed(wish_id=w.id, community_id=c, claimant_id=w.claimant_id),
                posted,
            )
            if w.fulfilled:
                yield w.id, ev.WishFulfilled(
                    wish_id=w.id, community_id=c, resident_id=w.resident_id,
                    claimant_id=w.claimant_id,
                ), posted + timedelta(days=3)  # fmt: skip


def community_history(plan: CommunityPlan, now: datetime | None = None) -> History:
    """Every event of the plan's community up to `now` (default: the clock), per topic, in
    publication order; what is dated later has not happened and is left out."""
    moment = _at(now) if now else datetime.now(UTC)
    c = plan.id
    ahead = {a.id for a in plan.activities if _at(a.starts_at) > moment}
    history = History(c)
    history.residents = [
        _envelope(k, p, c, at) for k, p, at in _residents(plan, c, ahead) if at <= moment
    ]
    history.activities = [
        _envelope(k, p, c, at) for k, p, at in _activities(plan, c, moment, ahead) if at <= moment
    ]
    return history
