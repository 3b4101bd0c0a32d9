"""Micro-wishes (微心愿): post, claim, fulfil (earning points), cancel."""

from datetime import datetime

from activities.domain.points import POINTS_FOR_FULFILLED_WISH, PointsReason
from activities.domain.wishes import Wish, WishStatus
from activities.service_layer import checks
from activities.service_layer.points_services import award
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import WishCancelled, WishClaimed, WishFulfilled, WishPosted
from shulin_kit.errors import Conflict, NotFound


def post_wish(
    uow: UnitOfWork,
    resident_id: str,
    title: str,
    description: str = "",
    idempotency_key: str | None = None,
) -> Wish:
    if (earlier := checks.recalled(uow, "postWish", idempotency_key)) is not None:
        return get_wish(uow, earlier)
    resident = checks.known_resident(uow, resident_id, "residentId")
    wish = Wish.post(resident.community_id, resident.id, title, description)
    uow.repo.add_wish(wish)
    checks.remember(uow, "postWish", idempotency_key, wish.id)
    uow.events.append(
        new_envelope(
            WishPosted(
                wish_id=wish.id,
                community_id=wish.community_id,
                resident_id=wish.resident_id,
                title=wish.title,
            ),
            wish.community_id,
            occurred_at=wish.created_at,
        )
    )
    return wish


def get_wish(uow: UnitOfWork, wish_id: str) -> Wish:
    wish = uow.repo.get_wish(wish_id)
    if wish is None:
        raise NotFound(f"no wish with id {wish_id!r}", "wishId")
    return wish


def claim_wish(
    uow: UnitOfWork, wish_id: str, claimant_id: str, now: datetime | None = None
) -> Wish:
    wish = get_wish(uow, wish_id)
    claimant = checks.resident_in(uow, claimant_id, wish.community_id, "claimantId")
    wish.claim(claimant.id, now or checks.now_utc())
    _save(uow, wish, WishStatus.OPEN)
    uow.events.append(
        new_envelope(
            WishClaimed(wish_id=wish.id, community_id=wish.community_id, claimant_id=claimant.id),
            wish.community_id,
        )
    )
    return wish


def fulfil_wish(
    uow: UnitOfWork, wish_id: str, claimant_id: str, now: datetime | None = None
) -> Wish:
    """The claimant made the wish come true, and earns POINTS_FOR_FULFILLED_WISH."""
    wish = get_wish(uow, wish_id)
    wish.fulfil(claimant_id.strip(), now or checks.now_utc())
    _save(uow, wish, WishStatus.CLAIMED)
    claimant = wish.claimant_id or ""
    uow.events.append(
        new_envelope(
            WishFulfilled(
                wish_id=wish.id,
                community_id=wish.community_id,
                resident_id=wish.resident_id,
                claimant_id=claimant,
            ),
            wish.community_id,
        )
    )
    award(
        uow,
        wish.community_id,
        claimant,
        POINTS_FOR_FULFILLED_WISH,
        PointsReason.WISH_FULFILLED,
        f"完成微心愿「{wish.title}」",
        wish.id,
    )
    return wish


def cancel_wish(uow: UnitOfWork, wish_id: str) -> Wish:
    """Withdraw an unfulfilled wish; matching forgets it (title and poster included)."""
    wish = get_wish(uow, wish_id)
    before = wish.status
    wish.cancel()
    _save(uow, wish, before)
    uow.events.append(
        new_envelope(
            WishCancelled(wish_id=wish.id, community_id=wish.community_id), wish.community_id
        )
    )
    return wish


def _save(uow: UnitOfWork, wish: Wish, expected: WishStatus) -> None:
    if not uow.repo.save_wish(wish, expected):
        raise Conflict(f"wish {wish.id!r} changed meanwhile; reload it", "wishId")
