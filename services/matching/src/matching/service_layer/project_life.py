"""Handlers for the activities service's events (registered into the projection's map)."""

from matching.adapters.graph import GraphPlanner
from matching.domain.ties import TieRules
from matching.service_layer.handlers import HandlerMap, occurred, registrar
from shulin_events import Envelope
from shulin_events import schemas as ev

HANDLERS: HandlerMap = {}
handles = registrar(HANDLERS)


@handles(ev.ActivityCreated)
def _activity(w: GraphPlanner, p: ev.ActivityCreated, e: Envelope, t: TieRules) -> None:
    fields = p.model_dump()
    w.merge_activity(**fields | {"tags": list(p.tags), "building_ids": list(p.building_ids)})


@handles(ev.ActivityCancelled)
def _cancelled(w: GraphPlanner, p: ev.ActivityCancelled, e: Envelope, t: TieRules) -> None:
    w.cancel_activity(activity_id=p.activity_id, community_id=p.community_id)


@handles(ev.ActivityRegistered)
def _registered(w: GraphPlanner, p: ev.ActivityRegistered, e: Envelope, t: TieRules) -> None:
    w.register_for_activity(**p.model_dump())


@handles(ev.ActivityRegistrationCancelled)
def _unregistered(
    w: GraphPlanner, p: ev.ActivityRegistrationCancelled, e: Envelope, t: TieRules
) -> None:
    w.cancel_registration(activity_id=p.activity_id, resident_id=p.resident_id)


@handles(ev.ResidentCheckedIn)
def _checked_in(w: GraphPlanner, p: ev.ResidentCheckedIn, e: Envelope, t: TieRules) -> None:
    w.merge_attended(**p.model_dump())


@handles(ev.NeighbourMetAtActivity)
def _met(w: GraphPlanner, p: ev.NeighbourMetAtActivity, e: Envelope, t: TieRules) -> None:
    w.add_tie_evidence(
        p.resident_id, p.met_resident_id, t.threshold,
        source="met_at_activity", ref=f"{p.activity_id}:{p.resident_id}",
        weight=t.met_at_activity, occurred_at=occurred(e),
        community_id=e.community_id,
    )  # fmt: skip


@handles(ev.GroupCreated)
def _group(w: GraphPlanner, p: ev.GroupCreated, e: Envelope, t: TieRules) -> None:
    w.merge_group(**p.model_dump() | {"tags": list(p.tags)})


@handles(ev.GroupJoined)
def _joined(w: GraphPlanner, p: ev.GroupJoined, e: Envelope, t: TieRules) -> None:
    w.join_group(**p.model_dump(), occurred_at=occurred(e))


@handles(ev.GroupLeft)
def _left(w: GraphPlanner, p: ev.GroupLeft, e: Envelope, t: TieRules) -> None:
    w.leave_group(group_id=p.group_id, resident_id=p.resident_id)


@handles(ev.ListingPosted)
def _listing(w: GraphPlanner, p: ev.ListingPosted, e: Envelope, t: TieRules) -> None:
    w.post_listing(
        p.kind,
        listing_id=p.listing_id, resident_id=p.resident_id, community_id=p.community_id,
        skill_tags=list(p.skill_tags), title=p.title, occurred_at=occurred(e),
    )  # fmt: skip


@handles(ev.ListingCancelled)
def _unlisted(w: GraphPlanner, p: ev.ListingCancelled, e: Envelope, t: TieRules) -> None:
    w.cancel_listing(listing_id=p.listing_id)


def _exchange(w: GraphPlanner, p: ev.ExchangeAgreed | ev.ExchangeCompleted, e: Envelope) -> None:
    skill_tags = list(p.skill_tags) if isinstance(p, ev.ExchangeAgreed) else None
    hours = p.hours if isinstance(p, ev.ExchangeCompleted) else None
    w.merge_exchange(
        exchange_id=p.exchange_id, community_id=p.community_id,
        helper_id=p.helper_id, helped_id=p.helped_id, skill_tags=skill_tags,
        hours=hours, completed=hours is not None, occurred_at=occurred(e),
    )  # fmt: skip


@handles(ev.ExchangeAgreed)
def _agreed(w: GraphPlanner, p: ev.ExchangeAgreed, e: Envelope, t: TieRules) -> None:
    _exchange(w, p, e)


@handles(ev.ExchangeCompleted)
def _completed(w: GraphPlanner, p: ev.ExchangeCompleted, e: Envelope, t: TieRules) -> None:
    _exchange(w, p, e)
    w.add_tie_evidence(
        p.helper_id, p.helped_id, t.threshold,
        source="exchange", ref=p.exchange_id, weight=t.exchange, occurred_at=occurred(e),
        community_id=e.community_id,
    )  # fmt: skip


@handles(ev.ExchangeRated)
def _rated(w: GraphPlanner, p: ev.ExchangeRated, e: Envelope, t: TieRules) -> None:
    w.rate_exchange(
        exchange_id=p.exchange_id, community_id=p.community_id, rating=p.rating,
        rated_id=p.rated_id,
    )  # fmt: skip


@handles(ev.PointsRecorded)
def _points(w: GraphPlanner, p: ev.PointsRecorded, e: Envelope, t: TieRules) -> None:
    w.add_points(
        resident_id=p.resident_id, amount=p.amount, reason=p.reason, occurred_at=occurred(e)
    )


def _wish(w: GraphPlanner, e: Envelope, **fields: object) -> None:
    base = {"resident_id": None, "title": None, "claimant_id": None, "fulfilled": False}
    w.merge_wish(**base | fields, occurred_at=occurred(e))


@handles(ev.WishPosted)
def _wish_posted(w: GraphPlanner, p: ev.WishPosted, e: Envelope, t: TieRules) -> None:
    _wish(w, e, **p.model_dump())


@handles(ev.WishClaimed)
def _wish_claimed(w: GraphPlanner, p: ev.WishClaimed, e: Envelope, t: TieRules) -> None:
    _wish(w, e, **p.model_dump())


@handles(ev.WishCancelled)
def _wish_cancelled(w: GraphPlanner, p: ev.WishCancelled, e: Envelope, t: TieRules) -> None:
    w.delete_wish(wish_id=p.wish_id)


@handles(ev.WishFulfilled)
def _wish_fulfilled(w: GraphPlanner, p: ev.WishFulfilled, e: Envelope, t: TieRules) -> None:
    _wish(w, e, **p.model_dump(), fulfilled=True)
    w.add_tie_evidence(
        p.claimant_id, p.resident_id, t.threshold,
        source="wish", ref=p.wish_id, weight=t.wish, occurred_at=occurred(e),
        community_id=e.community_id,
    )  # fmt: skip
