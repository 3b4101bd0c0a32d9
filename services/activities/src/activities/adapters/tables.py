"""Relational schema of the activities service: its own data, the residents read model, the
outbox and the idempotency keys."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from shulin_kit.idempotency import idempotency_table
from shulin_kit.outbox import outbox_table

metadata = MetaData()


def _id(name: str, *args: object, **kwargs: object) -> Column[str]:
    return Column(name, String(36), *args, **kwargs)  # type: ignore[arg-type]


activities = Table(
    "activities",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    Column("title", String(60), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("place", String(80), nullable=False),
    Column("capacity", Integer),
    _id("organizer_id", index=True),
    Column("status", String(20), nullable=False, default="SCHEDULED"),
    # Kept beside capacity so that taking a place is one conditional UPDATE (no overbooking).
    Column("registered_count", Integer, nullable=False, default=0),
    Column("waitlist_count", Integer, nullable=False, default=0),
    Column("attendee_count", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Sort keys are integers (UTC microseconds): keyset cursors carry them through JSON exactly.
    Column("starts_us", BigInteger, nullable=False),
    Index("ix_activities_community_starts", "community_id", "starts_us"),
)

activity_tags = Table(
    "activity_tags",
    metadata,
    _id("activity_id", ForeignKey("activities.id"), nullable=False),
    Column("tag", String(60), nullable=False, index=True),
    PrimaryKeyConstraint("activity_id", "tag"),
)

activity_buildings = Table(
    "activity_buildings",
    metadata,
    _id("activity_id", ForeignKey("activities.id"), nullable=False),
    _id("building_id", nullable=False, index=True),
    PrimaryKeyConstraint("activity_id", "building_id"),
)

registrations = Table(
    "registrations",
    metadata,
    _id("activity_id", ForeignKey("activities.id"), nullable=False),
    _id("resident_id", nullable=False, index=True),
    Column("waitlisted", Boolean, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("activity_id", "resident_id", name="uq_registrations_activity_resident"),
    Index("ix_registrations_queue", "activity_id", "waitlisted", "registered_at"),
)

check_ins = Table(
    "check_ins",
    metadata,
    _id("activity_id", ForeignKey("activities.id"), nullable=False),
    _id("resident_id", nullable=False, index=True),
    Column("checked_in_at", DateTime(timezone=True), nullable=False),
    # A resident checks in to an activity once: the service refuses a second time with a clear
    # error, and this constraint holds even when two requests race.
    PrimaryKeyConstraint("activity_id", "resident_id", name="uq_check_ins_activity_resident"),
)

groups = Table(
    "groups",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    Column("name", String(40), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("description", Text, nullable=False, default=""),
    _id("building_id"),
    _id("compound_id"),
    Column("member_count", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_groups_community_name", "community_id", "name"),
)

group_tags = Table(
    "group_tags",
    metadata,
    _id("group_id", ForeignKey("groups.id"), nullable=False),
    Column("tag", String(60), nullable=False, index=True),
    PrimaryKeyConstraint("group_id", "tag"),
)

memberships = Table(
    "memberships",
    metadata,
    _id("group_id", ForeignKey("groups.id"), nullable=False),
    _id("resident_id", nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("joined_us", BigInteger, nullable=False),
    PrimaryKeyConstraint("group_id", "resident_id", name="uq_memberships_group_resident"),
)

listings = Table(
    "listings",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    _id("resident_id", nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("title", String(60), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_us", BigInteger, nullable=False),
    Index("ix_listings_community_created", "community_id", "created_us"),
)

listing_tags = Table(
    "listing_tags",
    metadata,
    _id("listing_id", ForeignKey("listings.id"), nullable=False),
    Column("tag", String(60), nullable=False, index=True),
    PrimaryKeyConstraint("listing_id", "tag"),
)

exchanges = Table(
    "exchanges",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    _id("listing_id", ForeignKey("listings.id"), nullable=False, index=True),
    _id("helper_id", nullable=False, index=True),
    _id("helped_id", nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("hours", Float),
    Column("rating_by_helper", Integer),
    Column("rating_by_helped", Integer),
    Column("agreed_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
)

ledger = Table(
    "points_ledger",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    _id("resident_id", nullable=False),
    Column("amount", Integer, nullable=False),
    Column("reason", String(30), nullable=False),
    _id("reference"),
    Column("note", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_us", BigInteger, nullable=False),
    Index("ix_points_ledger_resident_created", "resident_id", "created_us"),
    Index("ix_points_ledger_community_created", "community_id", "created_us"),
)

# The ledger's running sum per resident, so a redemption is one conditional UPDATE that can
# never take a balance below zero, even when two redemptions race.
points_balances = Table(
    "points_balances",
    metadata,
    _id("resident_id", primary_key=True),
    Column("balance", Integer, nullable=False),
)

wishes = Table(
    "wishes",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    _id("resident_id", nullable=False, index=True),
    Column("title", String(60), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False),
    _id("claimant_id", index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("fulfilled_at", DateTime(timezone=True)),
    Column("created_us", BigInteger, nullable=False),
    Index("ix_wishes_community_created", "community_id", "created_us"),
)

# The residents read model (fed by the residents topic; see service_layer/residents_view.py).
known_communities = Table(
    "known_communities", metadata, _id("id", primary_key=True), Column("name", String(100))
)

known_compounds = Table(
    "known_compounds",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
)

known_buildings = Table(
    "known_buildings",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    _id("compound_id"),
)

known_residents = Table(
    "known_residents",
    metadata,
    _id("id", primary_key=True),
    _id("community_id", nullable=False),
    # Null once removed: the row stays as a tombstone, so that a replayed ResidentRegistered
    # cannot bring an erased resident back.
    _id("building_id", index=True),
    Column("may_be_recommended", Boolean, nullable=False, default=True),
    Column("removed", Boolean, nullable=False, default=False),
)

taxonomy_tags = Table(
    "taxonomy_tags",
    metadata,
    Column("tag", String(60), primary_key=True),
    Column("kind", String(20), nullable=False),
)

# The kinds of each tag: residents may define one tag both as a skill and as an interest (摄影),
# and the row in taxonomy_tags keeps only the kind defined last.
taxonomy_kinds = Table(
    "taxonomy_kinds",
    metadata,
    Column("tag", String(60), ForeignKey("taxonomy_tags.tag"), nullable=False),
    Column("kind", String(20), nullable=False),
    PrimaryKeyConstraint("tag", "kind"),
)

# Every name a tag is found by (the canonical tag itself and each synonym), case-folded.
taxonomy_names = Table(
    "taxonomy_names",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("tag", String(60), ForeignKey("taxonomy_tags.tag"), nullable=False, index=True),
)

# Facts about this database itself, e.g. `instance_id`: a uuid4 written once, when the database
# is first opened, that names the Kafka group the residents read model is rebuilt with.
view_meta = Table(
    "view_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(100), nullable=False),
)

outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
