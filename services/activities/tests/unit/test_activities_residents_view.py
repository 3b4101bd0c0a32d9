"""The residents read model: projecting residents events, erasure, and the consumer's batches."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from activities.domain.exchanges import ListingKind, ListingStatus
from activities.domain.groups import GroupKind
from activities.domain.model import ActivityKind
from activities.domain.wishes import WishStatus
from activities.entrypoints.residents_consumer import ResidentsViewConsumer
from activities.service_layer import (
    activity_services,
    exchange_services,
    group_services,
    points_services,
    wish_services,
)
from activities.service_layer.residents_view import project
from shulin_events import encode, new_envelope
from shulin_events.schemas import (
    GLOBAL_COMMUNITY,
    BuildingAdded,
    CommunityRegistered,
    CompoundAdded,
    ResidentConsentChanged,
    ResidentMoved,
    ResidentRegistered,
    ResidentRegisteredV1,
    ResidentRemoved,
    ResidentSkillsChanged,
    TaxonomyTagDefined,
)


def apply(uow: Any, *payloads: Any) -> None:
    with uow:
        for p in payloads:
            community = getattr(p, "community_id", GLOBAL_COMMUNITY)
            project(uow, new_envelope(p, community))
        uow.commit()


def test_places_and_residents_are_upserted_idempotently(uow: Any) -> None:
    events = (
        CommunityRegistered(community_id="c-new", name="新和社区"),
        CompoundAdded(compound_id="k-new", community_id="c-new", name="金域缇香"),
        BuildingAdded(
            building_id="b-new", community_id="c-new", name="7栋", floors=18, compound_id="k-new"
        ),
        ResidentRegistered(
            resident_id="r-new",
            community_id="c-new",
            building_id="b-new",
            may_be_recommended=False,
        ),
    )
    apply(uow, *events)
    apply(uow, *events)

    resident = uow.repo.get_resident("r-new")
    assert (resident.community_id, resident.building_id, resident.compound_id) == (
        "c-new",
        "b-new",
        "k-new",
    )
    assert not resident.may_be_recommended
    assert uow.repo.community_known("c-new")


def test_a_registration_published_before_v2_is_still_applied(uow: Any) -> None:
    old = ResidentRegisteredV1(
        resident_id="r-old", community_id="c-1", building_id="b-1", display_name="李老师"
    )
    apply(uow, old)
    assert uow.repo.get_resident("r-old").building_id == "b-1"


def test_moves_and_consent_update_the_resident(uow: Any) -> None:
    apply(
        uow,
        ResidentMoved(resident_id="r-1", community_id="c-1", building_id="b-3"),
        ResidentConsentChanged(
            resident_id="r-1",
            community_id="c-1",
            may_be_recommended=False,
            contact_visible_to_operators=False,
        ),
        ResidentSkillsChanged(resident_id="r-1", community_id="c-1", skills=()),  # not kept
    )

    resident = uow.repo.get_resident("r-1")
    assert (resident.building_id, resident.compound_id) == ("b-3", "k-2")
    assert not resident.may_be_recommended


def test_taxonomy_tags_are_found_by_synonym(uow: Any) -> None:
    apply(
        uow,
        TaxonomyTagDefined(
            kind="interest",
            tag="square_dance",
            name_zh="广场舞",
            name_en="Square dance",
            category="sport",
            synonyms=("广场舞", "Square Dance"),
        ),
    )

    assert uow.repo.find_tag("square dance").tag == "square_dance"
    assert uow.repo.find_tag("广场舞").kind == "interest"


def test_taxonomy_tags_are_found_by_their_names_like_in_the_residents_service(uow: Any) -> None:
    apply(
        uow,
        TaxonomyTagDefined(
            kind="skill", tag="doctor", name_zh="医生", name_en="Doctor", category="health"
        ),
    )

    assert uow.repo.find_tag("医生").tag == "doctor"
    assert uow.repo.find_tag("doctor").tag == "doctor"


def test_a_tag_defined_as_skill_and_as_interest_may_be_offered_as_a_skill(uow: Any) -> None:
    for kind in ("skill", "interest"):
        apply(
            uow,
            TaxonomyTagDefined(
                kind=kind, tag="photography", name_zh="摄影", name_en="Photo", category="culture"
            ),
        )
    with uow:
        listing = exchange_services.post_listing(
            uow,
            exchange_services.PostListing(
                resident_id="r-1", kind=ListingKind.OFFER, title="给老人拍照", skill_tags=["摄影"]
            ),
        )
        uow.commit()

    assert listing.skill_tags == ("photography",)


def test_removed_resident_is_erased_everywhere_and_counts_stay_consistent(uow: Any) -> None:
    start = datetime.now(UTC) + timedelta(days=3)
    with uow:
        activity = activity_services.create_activity(
            uow,
            activity_services.CreateActivity(
                community_id="c-1",
                title="邻里节",
                kind=ActivityKind.NEIGHBOUR_FESTIVAL,
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                place="广场",
                capacity=1,
                organizer_id="r-1",
            ),
        )
        activity_services.register(uow, activity.id, "r-1")
        activity_services.register(uow, activity.id, "r-2")  # waitlisted
        group = group_services.create_group(
            uow,
            group_services.CreateGroup(
                community_id="c-1", name="读书会", kind=GroupKind.INTEREST_GROUP, founder_id="r-1"
            ),
        )
        mine = exchange_services.post_listing(
            uow,
            exchange_services.PostListing(
                resident_id="r-1", kind=ListingKind.OFFER, title="健康咨询", skill_tags=["nurse"]
            ),
        )
        theirs = exchange_services.post_listing(
            uow,
            exchange_services.PostListing(
                resident_id="r-3", kind=ListingKind.REQUEST, title="修水管", skill_tags=["plumbing"]
            ),
        )
        exchange_services.agree_exchange(uow, theirs.id, "r-1")
        own_wish = wish_services.post_wish(uow, "r-1", "想要收音机")
        claimed = wish_services.post_wish(uow, "r-4", "想要轮椅")
        wish_services.claim_wish(uow, claimed.id, "r-1")
        points_services.record_volunteer_hours(uow, "r-1", 2, "志愿巡逻")
        uow.commit()
    uow.outbox.clear()

    apply(uow, ResidentRemoved(resident_id="r-1", community_id="c-1"))

    repo = uow.repo
    stored = repo.get_activity(activity.id)
    assert (stored.registered_count, stored.waitlist_count, stored.organizer_id) == (1, 0, None)
    assert not repo.get_registration(activity.id, "r-2").waitlisted  # promoted
    assert [(e.type, e.payload.resident_id) for e in uow.outbox] == [("ActivityRegistered", "r-2")]
    assert repo.registrations_of_resident("r-1") == []
    assert repo.get_group(group.id).member_count == 0
    assert repo.get_listing(mine.id) is None
    assert repo.get_listing(theirs.id).status is ListingStatus.OPEN
    assert repo.exchanges == {}
    assert repo.get_wish(own_wish.id) is None
    reopened = repo.get_wish(claimed.id)
    assert (reopened.status, reopened.claimant_id) == (WishStatus.OPEN, None)
    assert repo.balance("r-1") == 0 and repo.ledger == {}
    assert repo.get_resident("r-1").removed
    # A replayed registration cannot bring them back.
    apply(
        uow,
        ResidentRegistered(resident_id="r-1", community_id="c-1", building_id="b-1"),
    )
    assert repo.get_resident("r-1").removed


@dataclass
class Record:
    value: bytes | None
    topic: str = "residents.events"
    partition: int = 0
    offset: int = 0


def test_consumer_batch_skips_invalid_records_and_applies_the_rest(uow: Any) -> None:
    good = new_envelope(CommunityRegistered(community_id="c-batch", name="樵华社区"), "c-batch")
    consumer = ResidentsViewConsumer(lambda: uow, "unused:9092", "unused")

    applied = consumer.handle(
        [
            Record(b"not json"),
            Record(orjson.dumps({"type": "x"})),
            Record(None),
            Record(encode(good), offset=3),
        ]
    )

    assert applied == 1
    assert uow.repo.community_known("c-batch")
    assert uow.commits == 1
