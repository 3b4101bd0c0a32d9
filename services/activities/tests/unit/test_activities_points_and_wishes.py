"""Points (积分) as a ledger that never goes negative, and micro-wishes (微心愿)."""

from typing import Any

import pytest

from activities.domain.points import POINTS_FOR_FULFILLED_WISH, PointsReason
from activities.domain.wishes import WishStatus
from activities.service_layer import points_services as points
from activities.service_layer import wish_services as wishes
from shulin_events.schemas import PointsRecorded, WishCancelled, WishClaimed, WishFulfilled
from shulin_kit.errors import DomainError


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


def test_volunteer_hours_earn_ten_points_an_hour_and_explain_themselves(uow: Any) -> None:
    entry = run(uow, points.record_volunteer_hours, "r-1", 3, "志愿巡逻")

    assert (entry.amount, entry.reason, entry.note) == (
        30,
        PointsReason.VOLUNTEER_HOURS,
        "志愿巡逻",
    )
    assert uow.repo.balance("r-1") == 30
    assert [e.payload for e in uow.outbox] == [
        PointsRecorded(
            entry_id=entry.id,
            community_id="c-1",
            resident_id="r-1",
            amount=30,
            reason="volunteer_hours",
        )
    ]


def test_redeeming_takes_points_off_the_balance(uow: Any) -> None:
    run(uow, points.record_volunteer_hours, "r-1", 3, "志愿巡逻")

    entry = run(uow, points.redeem_points, "r-1", 25, "理发服务")

    assert (entry.amount, entry.reason) == (-25, PointsReason.REDEMPTION)
    assert uow.repo.balance("r-1") == 5
    assert uow.outbox[-1].payload.amount == -25


def test_the_balance_never_goes_negative(uow: Any) -> None:
    run(uow, points.record_volunteer_hours, "r-1", 1, "志愿巡逻")
    uow.outbox.clear()

    error = refused(uow, points.redeem_points, "r-1", 11, "理发服务")

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "amount"}
    assert "balance of 10 points" in error.message
    assert uow.repo.balance("r-1") == 10
    assert len(uow.repo.ledger) == 1
    assert uow.outbox == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("r-1", 0, "x"), "amount"),
        (("r-1", 5, ""), "note"),
        (("r-nobody", 5, "x"), "residentId"),
    ],
)
def test_bad_redemptions_name_their_field(uow: Any, args: tuple[Any, ...], field: str) -> None:
    run(uow, points.record_volunteer_hours, "r-1", 1, "志愿巡逻")

    assert refused(uow, points.redeem_points, *args).field == field


def test_a_retried_redemption_with_the_same_key_spends_once(uow: Any) -> None:
    run(uow, points.record_volunteer_hours, "r-1", 5, "志愿巡逻")

    first = run(uow, points.redeem_points, "r-1", 20, "理发服务", "redeem-key-1")
    again = run(uow, points.redeem_points, "r-1", 20, "理发服务", "redeem-key-1")

    assert again.id == first.id
    assert uow.repo.balance("r-1") == 30


def test_the_ledger_is_newest_first_and_pages(uow: Any) -> None:
    for hours in (1, 2, 3):
        run(uow, points.record_volunteer_hours, "r-1", hours, f"第{hours}次")

    page = uow.repo.ledger_page(2, None, resident_id="r-1")
    rest = uow.repo.ledger_page(2, page.end_cursor, resident_id="r-1")

    assert [e.amount for e in page.items] + [e.amount for e in rest.items] == [30, 20, 10]
    assert page.has_next_page and not rest.has_next_page


def wish(uow: Any, resident: str = "r-1") -> Any:
    return run(uow, wishes.post_wish, resident, "想要一台收音机", "独居老人, 喜欢听粤剧")


def test_a_wish_is_posted_claimed_and_fulfilled_for_twenty_points(uow: Any) -> None:
    posted = wish(uow)
    run(uow, wishes.claim_wish, posted.id, "r-2")
    fulfilled = run(uow, wishes.fulfil_wish, posted.id, "r-2")

    assert fulfilled.status is WishStatus.FULFILLED
    assert [e.type for e in uow.outbox] == [
        "WishPosted",
        "WishClaimed",
        "WishFulfilled",
        "PointsRecorded",
    ]
    assert uow.outbox[1].payload == WishClaimed(
        wish_id=posted.id, community_id="c-1", claimant_id="r-2"
    )
    assert uow.outbox[2].payload == WishFulfilled(
        wish_id=posted.id, community_id="c-1", resident_id="r-1", claimant_id="r-2"
    )
    assert uow.outbox[3].payload.reference == posted.id
    assert uow.repo.balance("r-2") == POINTS_FOR_FULFILLED_WISH


def test_wish_rules(uow: Any) -> None:
    posted = wish(uow)

    assert refused(uow, wishes.claim_wish, posted.id, "r-1").field == "claimantId"  # own wish
    assert refused(uow, wishes.claim_wish, posted.id, "r-other").field == "claimantId"
    assert refused(uow, wishes.fulfil_wish, posted.id, "r-2").code == "CONFLICT"  # not claimed
    run(uow, wishes.claim_wish, posted.id, "r-2")
    assert refused(uow, wishes.claim_wish, posted.id, "r-3").code == "CONFLICT"
    assert refused(uow, wishes.fulfil_wish, posted.id, "r-3").field == "claimantId"
    assert refused(uow, wishes.fulfil_wish, "w-404", "r-2").extensions == {
        "code": "NOT_FOUND",
        "field": "wishId",
    }


def test_a_wish_can_be_cancelled_until_fulfilled(uow: Any) -> None:
    posted = wish(uow)
    uow.outbox.clear()

    assert run(uow, wishes.cancel_wish, posted.id).status is WishStatus.CANCELLED
    assert [e.payload for e in uow.outbox] == [
        WishCancelled(wish_id=posted.id, community_id=posted.community_id)
    ]  # matching forgets the wish
    assert refused(uow, wishes.cancel_wish, posted.id).code == "CONFLICT"


def test_bad_wish_input_is_refused(uow: Any) -> None:
    with pytest.raises(DomainError) as caught:
        run(uow, wishes.post_wish, "r-1", "", "")

    assert caught.value.field == "title"
    assert uow.repo.wishes == {}
