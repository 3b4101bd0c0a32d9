"""The residents read model: how each residents event changes what activities knows.

Every handler is idempotent (upserts of full snapshots), so a replayed or repeated event
leaves the same state. ResidentRemoved also erases the resident's traces here (right to
erasure): registrations, check-ins, memberships, listings, exchanges, wishes and points.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from activities.domain.exchanges import ExchangeStatus, ListingStatus
from activities.domain.neighbourhood import KnownBuilding, KnownResident, TaxonomyTag
from activities.domain.wishes import WishStatus
from activities.service_layer import checks
from activities.service_layer.activity_services import withdraw
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import Envelope
from shulin_events.schemas import (
    BuildingAdded,
    CommunityRegistered,
    CompoundAdded,
    ResidentConsentChanged,
    ResidentMoved,
    ResidentRegistered,
    ResidentRegisteredV1,
    ResidentRemoved,
    TaxonomyTagDefined,
)


def project(uow: UnitOfWork, event: Envelope) -> bool:
    """Apply one event to the read model; False when the event is not one it keeps."""
    handler = HANDLERS.get(type(event.payload))
    if handler is None:
        return False
    handler(uow, event.payload)
    return True


def _community(uow: UnitOfWork, e: CommunityRegistered) -> None:
    uow.repo.upsert_community(e.community_id, e.name)


def _compound(uow: UnitOfWork, e: CompoundAdded) -> None:
    uow.repo.upsert_compound(e.compound_id, e.community_id)


def _building(uow: UnitOfWork, e: BuildingAdded) -> None:
    uow.repo.upsert_building(KnownBuilding(e.building_id, e.community_id, e.compound_id))


def _registered(uow: UnitOfWork, e: ResidentRegistered | ResidentRegisteredV1) -> None:
    uow.repo.upsert_resident(
        KnownResident(
            id=e.resident_id,
            community_id=e.community_id,
            building_id=e.building_id,
            may_be_recommended=e.may_be_recommended,
        )
    )


def _moved(uow: UnitOfWork, e: ResidentMoved) -> None:
    uow.repo.move_resident(e.resident_id, e.building_id)


def _consent(uow: UnitOfWork, e: ResidentConsentChanged) -> None:
    uow.repo.set_consent(e.resident_id, e.may_be_recommended)


def _tag(uow: UnitOfWork, e: TaxonomyTagDefined) -> None:
    # Found by the same words the residents service accepts: names in both languages and synonyms.
    names = (e.name_zh, e.name_en, *e.synonyms)
    uow.repo.define_tag(TaxonomyTag(tag=e.tag, kind=e.kind, synonyms=names))


def _removed(uow: UnitOfWork, e: ResidentRemoved) -> None:
    erase_resident(uow, e.resident_id, e.community_id)


def erase_resident(
    uow: UnitOfWork, resident_id: str, community_id: str, now: datetime | None = None
) -> None:
    """Delete what activities holds about one resident, keeping every count consistent."""
    moment = now or checks.now_utc()
    for registration in uow.repo.registrations_of_resident(resident_id):
        activity = uow.repo.get_activity(registration.activity_id)
        if activity is None:
            continue
        if uow.repo.delete_check_in(activity.id, resident_id):
            uow.repo.change_counts(activity.id, attendees=-1)
        if moment >= activity.ends_at and not registration.waitlisted:
            # A past activity keeps its history: no one is promoted into it any more.
            uow.repo.delete_registration(activity.id, resident_id)
            uow.repo.change_counts(activity.id, registered=-1)
        else:
            withdraw(uow, activity, registration)
    uow.repo.clear_organizer(resident_id)
    for membership in uow.repo.memberships_of_resident(resident_id):
        uow.repo.delete_membership(membership.group_id, resident_id)
        uow.repo.change_member_count(membership.group_id, -1)
    for exchange in uow.repo.exchanges_involving(resident_id):
        if exchange.status is ExchangeStatus.AGREED:
            uow.repo.move_listing(exchange.listing_id, ListingStatus.MATCHED, ListingStatus.OPEN)
        uow.repo.delete_exchange(exchange.id)
    for listing in uow.repo.listings_of_resident(resident_id):
        uow.repo.delete_listing(listing.id)
    for wish in uow.repo.wishes_touching(resident_id):
        if wish.resident_id == resident_id:
            uow.repo.delete_wish(wish.id)
            continue
        before = wish.status
        if wish.status is WishStatus.CLAIMED:
            wish.status, wish.claimed_at = WishStatus.OPEN, None  # open for someone else
        wish.claimant_id = None
        uow.repo.save_wish(wish, before)
    uow.repo.erase_points(resident_id)
    uow.repo.remove_resident(resident_id, community_id)


HANDLERS: dict[type[Any], Callable[[UnitOfWork, Any], None]] = {
    CommunityRegistered: _community,
    CompoundAdded: _compound,
    BuildingAdded: _building,
    ResidentRegistered: _registered,
    ResidentRegisteredV1: _registered,  # published before v2; its personal fields are not kept
    ResidentMoved: _moved,
    ResidentConsentChanged: _consent,
    TaxonomyTagDefined: _tag,
    ResidentRemoved: _removed,
}
