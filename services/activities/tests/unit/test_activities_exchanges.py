"""Request / offer lists and skill exchanges: agree, complete (points), rate once each."""

from typing import Any

import pytest

from activities.domain.exchanges import ExchangeStatus, Listing, ListingKind, ListingStatus
from activities.domain.points import POINTS_PER_VOLUNTEER_HOUR, PointsReason
from activities.service_layer import exchange_services as services
from shulin_events.schemas import ExchangeAgreed, ExchangeCompleted, ExchangeRated, PointsRecorded
from shulin_kit.errors import DomainError


def post(uow: Any, kind: ListingKind = ListingKind.REQUEST, **changes: Any) -> Listing:
    fields: dict[str, Any] = {
        "resident_id": "r-1",
        "kind": kind,
        "title": "帮忙修水龙头",
        "skill_tags": ["水电维修"],
    }
    fields.update(changes)
    with uow:
        listing = services.post_listing(uow, services.PostListing(**fields))
        uow.commit()
    return listing


def run(uow: Any, use_case: Any, *args: Any) -> Any:
    with uow:
        result = use_case(uow, *args)
        uow.commit()
    return result


def refused(uow: Any, use_case: Any, *args: Any) -> DomainError:
    with pytest.raises(DomainError) as caught, uow:
        use_case(uow, *args)
        uow.commit()
    return caught.value


def test_posting_a_listing_publishes_listing_posted_with_skill_tags(uow: Any) -> None:
    listing = post(uow)

    [event] = uow.outbox
    assert event.type == "ListingPosted"
    assert (event.payload.kind, event.payload.skill_tags) == ("request", ("plumbing",))
    assert listing.community_id == "c-1"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"skill_tags": []}, "BAD_USER_INPUT", "skillTags"),
        ({"skill_tags": ["plumbing", "太极"]}, "BAD_USER_INPUT", "skillTags[1]"),
        ({"skill_tags": ["juggling"]}, "BAD_USER_INPUT", "skillTags[0]"),
        ({"title": " "}, "BAD_USER_INPUT", "title"),
        ({"description": "x" * 1001}, "BAD_USER_INPUT", "description"),
        ({"resident_id": "r-nobody"}, "NOT_FOUND", "residentId"),
    ],
)
def test_bad_listing_input_names_its_field(
    uow: Any, changes: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        post(uow, **changes)

    assert caught.value.extensions == {"code": code, "field": field}
    assert uow.repo.listings == {}
    assert uow.outbox == []


def test_a_helper_for_a_request_is_the_helper(uow: Any) -> None:
    listing = post(uow)

    exchange = run(uow, services.agree_exchange, listing.id, "r-2")

    assert (exchange.helper_id, exchange.helped_id) == ("r-2", "r-1")
    assert uow.repo.get_listing(listing.id).status is ListingStatus.MATCHED
    assert uow.outbox[-1].payload == ExchangeAgreed(
        exchange_id=exchange.id,
        community_id="c-1",
        listing_id=listing.id,
        helper_id="r-2",
        helped_id="r-1",
        skill_tags=("plumbing",),
    )


def test_a_taker_of_an_offer_is_the_helped(uow: Any) -> None:
    listing = post(uow, ListingKind.OFFER, skill_tags=["护士"])

    exchange = run(uow, services.agree_exchange, listing.id, "r-2")

    assert (exchange.helper_id, exchange.helped_id) == ("r-1", "r-2")


@pytest.mark.parametrize(
    ("counterpart", "code", "field"),
    [("r-1", "BAD_USER_INPUT", "counterpartId"), ("r-other", "BAD_USER_INPUT", "counterpartId")],
)
def test_the_counterpart_is_another_resident_of_the_community(
    uow: Any, counterpart: str, code: str, field: str
) -> None:
    listing = post(uow)
    uow.outbox.clear()

    error = refused(uow, services.agree_exchange, listing.id, counterpart)

    assert error.extensions == {"code": code, "field": field}
    assert uow.outbox == []


def test_a_matched_listing_cannot_be_agreed_again_or_cancelled(uow: Any) -> None:
    listing = post(uow)
    run(uow, services.agree_exchange, listing.id, "r-2")

    assert refused(uow, services.agree_exchange, listing.id, "r-3").code == "CONFLICT"
    assert refused(uow, services.cancel_listing, listing.id).code == "CONFLICT"


def test_cancelling_an_open_listing_publishes_listing_cancelled(uow: Any) -> None:
    listing = post(uow)
    uow.outbox.clear()

    assert run(uow, services.cancel_listing, listing.id).status is ListingStatus.CANCELLED
    assert [e.type for e in uow.outbox] == ["ListingCancelled"]


def test_completing_gives_the_helper_ten_points_an_hour(uow: Any) -> None:
    listing = post(uow)
    exchange = run(uow, services.agree_exchange, listing.id, "r-2")
    uow.outbox.clear()

    done = run(uow, services.complete_exchange, exchange.id, 2.5)

    assert done.status is ExchangeStatus.COMPLETED
    assert uow.repo.get_listing(listing.id).status is ListingStatus.COMPLETED
    completed, points = (e.payload for e in uow.outbox)
    assert completed == ExchangeCompleted(
        exchange_id=exchange.id, community_id="c-1", helper_id="r-2", helped_id="r-1", hours=2.5
    )
    assert isinstance(points, PointsRecorded)
    assert (points.resident_id, points.amount, points.reason, points.reference) == (
        "r-2",
        int(2.5 * POINTS_PER_VOLUNTEER_HOUR),
        "exchange",
        exchange.id,
    )
    assert uow.repo.balance("r-2") == 25
    [entry] = uow.repo.ledger.values()
    assert entry.reason is PointsReason.EXCHANGE and "2.5" in entry.note


@pytest.mark.parametrize("hours", [0, -1, 0.1, 24.5])
def test_hours_out_of_range_are_refused(uow: Any, hours: float) -> None:
    exchange = run(uow, services.agree_exchange, post(uow).id, "r-2")

    assert refused(uow, services.complete_exchange, exchange.id, hours).field == "hours"


def test_completing_twice_is_a_conflict(uow: Any) -> None:
    exchange = run(uow, services.agree_exchange, post(uow).id, "r-2")
    run(uow, services.complete_exchange, exchange.id, 1)

    assert refused(uow, services.complete_exchange, exchange.id, 1).extensions == {
        "code": "CONFLICT",
        "field": "exchangeId",
    }
    assert uow.repo.balance("r-2") == 10


def test_each_side_rates_the_other_once(uow: Any) -> None:
    exchange = run(uow, services.agree_exchange, post(uow).id, "r-2")
    run(uow, services.complete_exchange, exchange.id, 1)
    uow.outbox.clear()

    run(uow, services.rate_exchange, exchange.id, "r-1", 5)
    rated = run(uow, services.rate_exchange, exchange.id, "r-2", 4)
    twice = refused(uow, services.rate_exchange, exchange.id, "r-1", 3)

    assert (rated.rating_by_helped, rated.rating_by_helper) == (5, 4)
    assert [e.payload for e in uow.outbox] == [
        ExchangeRated(
            exchange_id=exchange.id, community_id="c-1", rater_id="r-1", rated_id="r-2", rating=5
        ),
        ExchangeRated(
            exchange_id=exchange.id, community_id="c-1", rater_id="r-2", rated_id="r-1", rating=4
        ),
    ]
    assert twice.extensions == {"code": "CONFLICT", "field": "exchangeId"}


@pytest.mark.parametrize(
    ("complete", "rater", "rating", "field"),
    [
        (False, "r-1", 5, "exchangeId"),
        (True, "r-1", 0, "rating"),
        (True, "r-1", 6, "rating"),
        (True, "r-3", 5, "raterId"),
    ],
)
def test_bad_ratings_are_refused(
    uow: Any, complete: bool, rater: str, rating: int, field: str
) -> None:
    exchange = run(uow, services.agree_exchange, post(uow).id, "r-2")
    if complete:
        run(uow, services.complete_exchange, exchange.id, 1)
    uow.outbox.clear()

    error = refused(uow, services.rate_exchange, exchange.id, rater, rating)

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": field}
    assert uow.outbox == []


def test_idempotency_key_agrees_an_exchange_once(uow: Any) -> None:
    listing = post(uow)
    first = run(uow, services.agree_exchange, listing.id, "r-2", "agree-key-1")
    again = run(uow, services.agree_exchange, listing.id, "r-2", "agree-key-1")

    assert again.id == first.id
    assert [e.type for e in uow.outbox].count("ExchangeAgreed") == 1
