"""Request / offer lists (需求清单 / 服务清单) and skill exchanges (技能互换 / 时间银行)."""

from dataclasses import dataclass, field
from datetime import datetime

from activities.domain.exchanges import (
    Exchange,
    ExchangeStatus,
    Listing,
    ListingKind,
    ListingStatus,
)
from activities.domain.points import PointsReason, points_for_hours
from activities.domain.validation import clean_hours
from activities.service_layer import checks
from activities.service_layer.points_services import award
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import (
    ExchangeAgreed,
    ExchangeCompleted,
    ExchangeRated,
    ListingCancelled,
    ListingPosted,
)
from shulin_kit.errors import Conflict, NotFound


@dataclass(frozen=True)
class PostListing:
    resident_id: str
    kind: ListingKind
    title: str
    description: str = ""
    skill_tags: list[str] = field(default_factory=list)
    idempotency_key: str | None = None


def post_listing(uow: UnitOfWork, cmd: PostListing) -> Listing:
    if (earlier := checks.recalled(uow, "postListing", cmd.idempotency_key)) is not None:
        return get_listing(uow, earlier)
    resident = checks.known_resident(uow, cmd.resident_id, "residentId")
    tags = checks.canonical_tags(uow, cmd.skill_tags, "skillTags", kind="skill")
    listing = Listing.post(
        resident.community_id, resident.id, cmd.kind, cmd.title, cmd.description, tags
    )
    uow.repo.add_listing(listing)
    checks.remember(uow, "postListing", cmd.idempotency_key, listing.id)
    uow.events.append(
        new_envelope(
            ListingPosted(
                listing_id=listing.id,
                community_id=listing.community_id,
                resident_id=listing.resident_id,
                kind="request" if listing.kind is ListingKind.REQUEST else "offer",
                skill_tags=listing.skill_tags,
                title=listing.title,
            ),
            listing.community_id,
            occurred_at=listing.created_at,
        )
    )
    return listing


def get_listing(uow: UnitOfWork, listing_id: str) -> Listing:
    listing = uow.repo.get_listing(listing_id)
    if listing is None:
        raise NotFound(f"no listing with id {listing_id!r}", "listingId")
    return listing


def cancel_listing(uow: UnitOfWork, listing_id: str) -> Listing:
    listing = get_listing(uow, listing_id)
    listing.ensure_open()
    _move(uow, listing, ListingStatus.OPEN, ListingStatus.CANCELLED)
    uow.events.append(
        new_envelope(
            ListingCancelled(listing_id=listing.id, community_id=listing.community_id),
            listing.community_id,
        )
    )
    return listing


def agree_exchange(
    uow: UnitOfWork, listing_id: str, counterpart_id: str, idempotency_key: str | None = None
) -> Exchange:
    """Accept a match: a helper for a request, or a taker for an offer."""
    if (earlier := checks.recalled(uow, "agreeExchange", idempotency_key)) is not None:
        return get_exchange(uow, earlier)
    listing = get_listing(uow, listing_id)
    counterpart = checks.resident_in(uow, counterpart_id, listing.community_id, "counterpartId")
    exchange = Exchange.agree(listing, counterpart.id)
    _move(uow, listing, ListingStatus.OPEN, ListingStatus.MATCHED)
    uow.repo.add_exchange(exchange)
    checks.remember(uow, "agreeExchange", idempotency_key, exchange.id)
    uow.events.append(
        new_envelope(
            ExchangeAgreed(
                exchange_id=exchange.id,
                community_id=exchange.community_id,
                listing_id=listing.id,
                helper_id=exchange.helper_id,
                helped_id=exchange.helped_id,
                skill_tags=exchange.skill_tags,
            ),
            exchange.community_id,
            occurred_at=exchange.agreed_at,
        )
    )
    return exchange


def get_exchange(uow: UnitOfWork, exchange_id: str) -> Exchange:
    exchange = uow.repo.get_exchange(exchange_id)
    if exchange is None:
        raise NotFound(f"no exchange with id {exchange_id!r}", "exchangeId")
    return exchange


def complete_exchange(
    uow: UnitOfWork, exchange_id: str, hours: float, now: datetime | None = None
) -> Exchange:
    """The help was given: the helper earns POINTS_PER_VOLUNTEER_HOUR for each hour."""
    exchange = get_exchange(uow, exchange_id)
    worked = clean_hours(hours)
    exchange.complete(worked, now or checks.now_utc())
    if not uow.repo.save_exchange(exchange, ExchangeStatus.AGREED):
        raise Conflict(f"exchange {exchange.id!r} is already completed", "exchangeId")
    uow.repo.move_listing(exchange.listing_id, ListingStatus.MATCHED, ListingStatus.COMPLETED)
    uow.events.append(
        new_envelope(
            ExchangeCompleted(
                exchange_id=exchange.id,
                community_id=exchange.community_id,
                helper_id=exchange.helper_id,
                helped_id=exchange.helped_id,
                hours=worked,
            ),
            exchange.community_id,
            occurred_at=exchange.completed_at,
        )
    )
    award(
        uow,
        exchange.community_id,
        exchange.helper_id,
        points_for_hours(worked),
        PointsReason.EXCHANGE,
        f"技能互换 {worked:g} 小时 (skill exchange, {worked:g} h)",
        exchange.id,
    )
    return exchange


def rate_exchange(uow: UnitOfWork, exchange_id: str, rater_id: str, rating: int) -> Exchange:
    """Each side rates the other once (1–5), after the exchange is completed."""
    exchange = get_exchange(uow, exchange_id)
    rated = exchange.rate(rater_id.strip(), rating)
    if not uow.repo.save_exchange(exchange, ExchangeStatus.COMPLETED):
        raise Conflict(f"{rater_id!r} already rated this exchange", "exchangeId")
    uow.events.append(
        new_envelope(
            ExchangeRated(
                exchange_id=exchange.id,
                community_id=exchange.community_id,
                rater_id=rater_id.strip(),
                rated_id=rated,
                rating=rating,
            ),
            exchange.community_id,
        )
    )
    return exchange


def _move(uow: UnitOfWork, listing: Listing, from_: ListingStatus, to: ListingStatus) -> None:
    if not uow.repo.move_listing(listing.id, from_, to):
        raise Conflict(f"listing {listing.id!r} changed meanwhile; reload it", "listingId")
    listing.status = to
