"""Relational schema of the residents service, outbox included."""

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table

from shulin_kit.outbox import outbox_table

metadata = MetaData()

communities = Table(
    "communities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("district", String(60)),
)

buildings = Table(
    "buildings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False, index=True),
    Column("name", String(40), nullable=False),
    Column("floors", Integer, nullable=False),
)

residents = Table(
    "residents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community_id", String(36), ForeignKey("communities.id"), nullable=False, index=True),
    Column("building_id", String(36), ForeignKey("buildings.id"), nullable=False, index=True),
    Column("display_name", String(40), nullable=False),
    Column("floor", Integer),
    Column("phone", String(20)),
    Column("birth_year", Integer),
    Column("moved_in_on", Date),
    Column("may_be_recommended", Boolean, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

outbox = outbox_table(metadata)
