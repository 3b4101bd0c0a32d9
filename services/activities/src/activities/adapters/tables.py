"""Relational schema of the activities service, outbox included."""

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

from shulin_kit.outbox import outbox_table

metadata = MetaData()

activities = Table(
    "activities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), nullable=False),
    Column("title", String(60), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("place", String(80), nullable=False),
    Column("capacity", Integer),
    # Kept beside capacity so that taking a place is one conditional UPDATE (no overbooking).
    Column("attendee_count", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_activities_community_starts", "community_id", "starts_at"),
)

check_ins = Table(
    "check_ins",
    metadata,
    Column("activity_id", String(36), ForeignKey("activities.id"), nullable=False),
    Column("resident_id", String(36), nullable=False, index=True),
    Column("checked_in_at", DateTime(timezone=True), nullable=False),
    # A resident checks in to an activity once: the service refuses a second time with a clear
    # error, and this constraint holds even when two requests race.
    PrimaryKeyConstraint("activity_id", "resident_id", name="uq_check_ins_activity_resident"),
)

outbox = outbox_table(metadata)
