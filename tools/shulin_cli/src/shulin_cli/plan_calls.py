"""A plan as stages of GraphQL calls, in dependency order. Pure: no network.

Each item has a stable key (the plan id, or the plan ids it links) from which the loader derives
the idempotency key, so re-running a load never duplicates. Inputs name plan ids through `Ref`s
that the loader resolves to the server's ids once those exist.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from shulin_cli.gateway import operations as ops
from shulin_cli.gateway.graphql import chunks
from shulin_cli.generator.plan import ActivityPlan, CommunityPlan, ResidentPlan
from shulin_cli.generator.vocabulary import TAG_NAMES

SHEET_SIZE = 200  # residents per recordAttendance call (the service takes up to 500)


@dataclass(frozen=True)
class Ref:
    """The server id of a plan id, optionally with a prefix (e.g. "activity:")."""

    plan_id: str
    prefix: str = ""


Value = Ref | list[Ref] | None


class MissingDependency(KeyError):
    """A referenced plan id has no server id (its create failed)."""


@dataclass(frozen=True)
class Item:
    key: str  # plan id for creates; a composite for links (e.g. "checkin:<a>:<r>")
    operation: tuple[str, str]  # (root field, input type)
    fields: dict[str, Any]
    refs: dict[str, Value] = field(default_factory=dict)
    creates: bool = True  # records the returned id under `key`

    def build(self, ids: dict[str, str]) -> dict[str, Any]:
        def server_id(ref: Ref) -> str:
            if ref.plan_id not in ids:
                raise MissingDependency(ref.plan_id)
            return ref.prefix + ids[ref.plan_id]

        resolved = {
            name: None
            if value is None
            else [server_id(r) for r in value]
            if isinstance(value, list)
            else server_id(value)
            for name, value in self.refs.items()
        }
        return {**self.fields, **resolved}


@dataclass(frozen=True)
class Stage:
    name: str
    items: list[Item]


def idempotency_key(item_key: str) -> str:
    return f"shulin-plan:{item_key}"[:100]


def tag_name(slug: str) -> str:
    """Send the Chinese name: the residents service maps names and synonyms to its own tags."""
    return TAG_NAMES.get(slug, slug)


def _ref(plan_id: str | None) -> Ref | None:
    return Ref(plan_id) if plan_id else None


def resident_item(r: ResidentPlan, community_id: str) -> Item:
    fields = {
        "displayName": r.display_name,
        "floor": r.floor,
        "phone": r.phone,
        "birthYear": r.birth_year,
        "gender": r.gender.upper(),
        "movedInOn": r.moved_in_on.isoformat(),
        "languages": r.languages,
        "availability": [a.upper() for a in r.availability],
        "externalRef": r.external_ref,
        "skills": [{"tag": tag_name(s.tag), "level": s.level} for s in r.skills],
        "interests": [tag_name(t) for t in r.interests],
        "roles": [role.upper() for role in r.roles],
        "mayBeRecommended": r.may_be_recommended,
        "contactVisibleToOperators": r.contact_visible_to_operators,
        "elderlyLivingAlone": r.elderly_living_alone,
        "needsCare": r.needs_care,
    }
    refs: dict[str, Value] = {
        "communityId": Ref(community_id),
        "buildingId": Ref(r.building_id),
        "householdId": Ref(r.household_id),
    }
    return Item(r.id, ops.REGISTER_RESIDENT, fields, refs)


def _link(
    key: str, operation: tuple[str, str], extra: dict[str, Any] | None = None, **refs: str
) -> Item:
    """A call linking things already loaded (no id of its own to remember)."""
    return Item(key, operation, extra or {}, {k: Ref(v) for k, v in refs.items()}, creates=False)


def _places(plan: CommunityPlan) -> Iterator[Stage]:
    c = Ref(plan.id)
    yield Stage("社区 community", [
        Item(plan.id, ops.REGISTER_COMMUNITY, {"name": plan.name, "district": plan.district})
    ])  # fmt: skip
    yield Stage("小区 compounds", [
        Item(x.id, ops.ADD_COMPOUND, {"name": x.name}, {"communityId": c}) for x in plan.compounds
    ])  # fmt: skip
    yield Stage("楼栋 buildings", [
        Item(b.id, ops.ADD_BUILDING, {"name": b.name, "floors": b.floors, "units": b.units},
             {"communityId": c, "compoundId": Ref(b.compound_id)})
        for b in plan.buildings
    ])  # fmt: skip
    yield Stage("住户 households", [
        Item(h.id, ops.ADD_HOUSEHOLD, {"unit": h.unit, "floor": h.floor, "door": h.door},
             {"buildingId": Ref(h.building_id)})
        for h in plan.households
    ])  # fmt: skip
    yield Stage("居民 residents", [resident_item(r, plan.id) for r in plan.residents])


def _activities(plan: CommunityPlan, now: datetime) -> Iterator[Stage]:
    c = Ref(plan.id)
    yield Stage("活动 activities", [
        Item(a.id, ops.CREATE_ACTIVITY, {
            "title": a.title, "kind": a.kind, "place": a.place, "capacity": a.capacity,
            "startsAt": a.starts_at.isoformat(), "endsAt": a.ends_at.isoformat(),
            "tags": [tag_name(t) for t in a.tags],
        }, {"communityId": c, "buildingIds": [Ref(b) for b in a.building_ids],
            "organizerId": _ref(a.organizer_id)})
        for a in plan.activities
    ])  # fmt: skip
    # Registration closes when an activity ends and check-in 12 hours later, so an activity that
    # has begun is loaded as what it left behind: its sign-in sheet (签到表), who came. One still
    # ahead has its sign-ups only: who comes has not happened yet.
    begun = [a for a in plan.activities if a.starts_at <= now]
    ahead = [a for a in plan.activities if a.starts_at > now]
    yield Stage("报名 registrations", [
        _link(f"reg:{a.id}:{r}", ops.REGISTER_FOR_ACTIVITY, activityId=a.id, residentId=r)
        for a in ahead for r in a.registered
    ])  # fmt: skip
    yield Stage("签到 check-ins", [
        _sheet(a, n, part) for a in begun for n, part in enumerate(chunks(a.checked_in, SHEET_SIZE))
    ])  # fmt: skip
    yield Stage("社团 groups", [
        Item(g.id, ops.CREATE_GROUP,
             {"name": g.name, "kind": g.kind.upper(), "tags": [tag_name(t) for t in g.tags]},
             {"communityId": c, "compoundId": _ref(g.compound_id), "buildingId": _ref(g.building_id)})
        for g in plan.groups
    ])  # fmt: skip
    yield Stage("入会 memberships", [
        _link(f"join:{g.id}:{m.resident_id}", ops.JOIN_GROUP, groupId=g.id, residentId=m.resident_id)
        for g in plan.groups for m in g.members
    ])  # fmt: skip
    yield Stage("社团骨干 roles", [
        _link(f"role:{g.id}:{m.resident_id}", ops.SET_MEMBER_ROLE, {"role": m.role.upper()},
              groupId=g.id, residentId=m.resident_id)
        for g in plan.groups for m in g.members if m.role != "member"
    ])  # fmt: skip


def _sheet(a: ActivityPlan, number: int, residents: Sequence[str]) -> Item:
    """One sign-in sheet of a past activity: every resident on it checked in at the start."""
    key = f"attend:{a.id}:{number}"
    return Item(
        key,
        ops.RECORD_ATTENDANCE,
        {"idempotencyKey": idempotency_key(key)},
        {"activityId": Ref(a.id), "residentIds": [Ref(r) for r in residents]},
        creates=False,
    )


def _ahead(plan: CommunityPlan, now: datetime) -> set[str]:
    """The activities that have not begun: nobody has met at them or volunteered there yet."""
    return {a.id for a in plan.activities if a.starts_at > now}


def _exchanges(plan: CommunityPlan, now: datetime) -> Iterator[Stage]:
    kind_of = {listing.id: listing.kind for listing in plan.listings}
    yield Stage("需求/服务清单 listings", [
        Item(x.id, ops.POST_LISTING, {
            "kind": x.kind.upper(), "skillTags": [tag_name(t) for t in x.skill_tags], "title": x.title,
        }, {"residentId": Ref(x.resident_id)})
        for x in plan.listings
    ])  # fmt: skip
    # A request is answered by its helper; an offer is taken by the one helped.
    yield Stage("技能互换 exchanges", [
        Item(e.id, ops.AGREE_EXCHANGE, {}, {
            "listingId": Ref(e.listing_id),
            "counterpartId": Ref(e.helper_id if kind_of[e.listing_id] == "request" else e.helped_id),
        })
        for e in plan.exchanges
    ])  # fmt: skip
    done = [e for e in plan.exchanges if e.completed_hours is not None]
    yield Stage("完成互换 completions", [
        _link(f"complete:{e.id}", ops.COMPLETE_EXCHANGE, {"hours": e.completed_hours}, exchangeId=e.id)
        for e in done
    ])  # fmt: skip
    ratings = [(e.id, e.helped_id, e.helper_rating) for e in done if e.helper_rating]
    ratings += [(e.id, e.helper_id, e.helped_rating) for e in done if e.helped_rating]
    yield Stage("评价 ratings", [
        _link(f"rate:{e}:{rater}", ops.RATE_EXCHANGE, {"rating": rating}, exchangeId=e, raterId=rater)
        for e, rater, rating in ratings
    ])  # fmt: skip
    yield Stage("微心愿 wishes", [
        Item(w.id, ops.POST_WISH, {"title": w.title}, {"residentId": Ref(w.resident_id)})
        for w in plan.wishes
    ])  # fmt: skip
    claimed = [(w, w.claimant_id) for w in plan.wishes if w.claimant_id]
    yield Stage("认领心愿 claims", [
        _link(f"claim:{w.id}", ops.CLAIM_WISH, wishId=w.id, claimantId=claimant)
        for w, claimant in claimed
    ])  # fmt: skip
    yield Stage("实现心愿 fulfilments", [
        _link(f"fulfil:{w.id}", ops.FULFIL_WISH, wishId=w.id, claimantId=claimant)
        for w, claimant in claimed if w.fulfilled
    ])  # fmt: skip
    # Exchange and wish points follow from those events inside the activities service.
    titles = {a.id: a.title for a in plan.activities}
    ahead = _ahead(plan, now)
    yield Stage("志愿时长与积分 points", [
        Item(p.id, ops.RECORD_VOLUNTEER_HOURS,
             {"hours": p.hours, "note": f"志愿服务：{titles.get(p.reference or '', '社区服务')}"},
             {"residentId": Ref(p.resident_id)})
        if p.reason == "volunteer_hours" else
        Item(p.id, ops.REDEEM_POINTS, {"amount": -p.amount, "note": "积分兑换：社区积分超市"},
             {"residentId": Ref(p.resident_id)})
        for p in plan.points
        if p.reason in ("volunteer_hours", "redemption") and p.reference not in ahead
    ])  # fmt: skip


def _context(context: str) -> tuple[dict[str, Any], dict[str, Value]]:
    """ "activity:<plan id>" becomes "activity:<server id>"; "floor" stays as it is."""
    kind, _, plan_id = context.partition(":")
    return ({}, {"context": Ref(plan_id, f"{kind}:")}) if plan_id else ({"context": kind}, {})


def _acquaintances(plan: CommunityPlan, now: datetime) -> Iterator[Stage]:
    # Declaring back confirms, and a pair already confirmed answers CONFLICT: links, not creates,
    # so that CONFLICT counts as done; the idempotency key still makes a retry harmless.
    ahead = _ahead(plan, now)
    declared = [a for a in plan.acquaintances if a.context.removeprefix("activity:") not in ahead]
    items = []
    for a in declared:
        fields, refs = _context(a.context)
        fields["idempotencyKey"] = idempotency_key(a.id)
        refs |= {"fromResidentId": Ref(a.from_resident_id), "toResidentId": Ref(a.to_resident_id)}
        items.append(Item(a.id, ops.DECLARE_ACQUAINTANCE, fields, refs, creates=False))
    yield Stage("认识邻居 acquaintances", items)
    yield Stage("确认认识 confirmations", [
        _link(f"confirm:{a.id}", ops.CONFIRM_ACQUAINTANCE,
              fromResidentId=a.from_resident_id, toResidentId=a.to_resident_id)
        for a in declared if a.confirmed
    ])  # fmt: skip


def stages(plan: CommunityPlan, now: datetime | None = None) -> list[Stage]:
    """`now` decides which activities have begun (loaded as sign-in sheets); default: now.

    Of one still ahead, only its sign-ups are loaded: no check-ins, no volunteer hours and no
    acquaintances made there. Other items dated after `now` are loaded (at the server's time).
    """
    moment = now or datetime.now(UTC)
    return [
        *_places(plan),
        *_activities(plan, moment),
        *_exchanges(plan, moment),
        *_acquaintances(plan, moment),
    ]
