"""Relational schema of the residents service, outbox and idempotency keys included."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from shulin_kit.idempotency import idempotency_table
from shulin_kit.outbox import outbox_table

metadata = MetaData()

communities = Table(
    "communities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("district", String(60)),
)

compounds = Table(
    "compounds",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False, index=True),
    Column("name", String(60), nullable=False),
)

buildings = Table(
    "buildings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False),
    Column("compound_id", String(36), ForeignKey("compounds.id"), index=True),
    Column("name", String(40), nullable=False),
    Column("floors", Integer, nullable=False),
    Column("units", Integer, nullable=False, server_default="1"),
    Index("ix_buildings_community_name", "community_id", "name", "id"),
)

households = Table(
    "households",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False),
    Column("building_id", String(36), ForeignKey("buildings.id"), nullable=False),
    Column("unit", Integer, nullable=False),
    Column("floor", Integer, nullable=False),
    Column("door", String(10), nullable=False),
    UniqueConstraint("building_id", "unit", "floor", "door", name="uq_households_address"),
)

residents = Table(
    "residents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False),
    Column("building_id", String(36), ForeignKey("buildings.id"), nullable=False, index=True),
    Column("household_id", String(36), ForeignKey("households.id"), index=True),
    Column("floor", Integer),
    Column("external_ref", String(64)),
    Column("display_name", String(40), nullable=False),
    Column("gender", String(10)),
    Column("birth_year", Integer),
    Column("phone", String(20)),
    Column("moved_in_on", Date),
    Column("languages", JSON, nullable=False),
    Column("availability", JSON, nullable=False),
    Column("may_be_recommended", Boolean, nullable=False),
    Column("contact_visible_to_operators", Boolean, nullable=False),
    Column("recommendations", String(20), nullable=False),
    Column("party_member", Boolean, nullable=False),
    Column("elderly_living_alone", Boolean, nullable=False),
    Column("needs_care", Boolean, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Index("ix_residents_community_id", "community_id", "id"),
    UniqueConstraint("community_id", "external_ref", name="uq_residents_external_ref"),
)

resident_skills = Table(
    "resident_skills",
    metadata,
    Column("resident_id", String(36), ForeignKey("residents.id"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("tag", String(40), primary_key=True),
    Column("level", Integer, nullable=False),
    Column("verified", Boolean, nullable=False),
    Index("ix_resident_skills_tag", "tag"),
)

resident_interests = Table(
    "resident_interests",
    metadata,
    Column("resident_id", String(36), ForeignKey("residents.id"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("tag", String(40), primary_key=True),
    Index("ix_resident_interests_tag", "tag"),
)

resident_roles = Table(
    "resident_roles",
    metadata,
    Column("resident_id", String(36), ForeignKey("residents.id"), primary_key=True),
    Column("role", String(30), primary_key=True),
)

tags = Table(
    "tags",
    metadata,
    Column("kind", String(10), primary_key=True),
    Column("tag", String(40), primary_key=True),
    Column("name_zh", String(20), nullable=False),
    Column("name_en", String(40), nullable=False),
    Column("category", String(30), nullable=False),
    Column("synonyms", JSON, nullable=False),
    Column("description", Text, nullable=False),
)

acquaintances = Table(
    "acquaintances",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False),
    Column("from_resident_id", String(36), ForeignKey("residents.id"), nullable=False),
    Column("to_resident_id", String(36), ForeignKey("residents.id"), nullable=False, index=True),
    Column("context", String(60)),
    Column("declared_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
    UniqueConstraint("from_resident_id", "to_resident_id", name="uq_acquaintances_pair"),
)

idempotency_keys = idempotency_table(metadata)
outbox = outbox_table(metadata)

contact_reads = Table(
    "contact_reads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), nullable=False),
    Column("resident_id", String(36), nullable=False, index=True),
    Column("reader", String(100), nullable=False),
    Column("reader_roles", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    Column("read_at", DateTime(timezone=True), nullable=False),
    Index("ix_contact_reads_community", "community_id", "read_at"),
)
