"""Constraints and indexes: one per id, one per property a query starts from."""

from typing import LiteralString

SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT community_id IF NOT EXISTS FOR (n:Community) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graph_version IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.scope IS UNIQUE",
    "CREATE CONSTRAINT compound_id IF NOT EXISTS FOR (n:Compound) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT building_id IF NOT EXISTS FOR (n:Building) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT resident_id IF NOT EXISTS FOR (n:Resident) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT skill_tag IF NOT EXISTS FOR (n:Skill) REQUIRE n.tag IS UNIQUE",
    "CREATE CONSTRAINT interest_tag IF NOT EXISTS FOR (n:Interest) REQUIRE n.tag IS UNIQUE",
    "CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (n:Activity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT group_id IF NOT EXISTS FOR (n:Group) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT exchange_id IF NOT EXISTS FOR (n:Exchange) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT wish_id IF NOT EXISTS FOR (n:Wish) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT removed_resident_id IF NOT EXISTS "
    "FOR (n:RemovedResident) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT processed_event_id IF NOT EXISTS "
    "FOR (n:ProcessedEvent) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_stream_key IF NOT EXISTS FOR (n:EventStream) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX resident_community IF NOT EXISTS FOR (n:Resident) ON (n.community_id)",
    "CREATE INDEX building_community IF NOT EXISTS FOR (n:Building) ON (n.community_id)",
    "CREATE INDEX activity_community IF NOT EXISTS FOR (n:Activity) ON (n.community_id)",
    "CREATE INDEX group_community IF NOT EXISTS FOR (n:Group) ON (n.community_id)",
    "CREATE INDEX processed_event_projected IF NOT EXISTS "
    "FOR (n:ProcessedEvent) ON (n.projected_at)",
    "CREATE INDEX processed_batch_stream IF NOT EXISTS FOR (n:ProcessedBatch) ON (n.stream)",
    "CREATE INDEX processed_batch_projected IF NOT EXISTS "
    "FOR (n:ProcessedBatch) ON (n.projected_at)",
    "CREATE INDEX exchange_pair IF NOT EXISTS FOR (n:Exchange) ON (n.helper_id, n.helped_id)",
    # a listing is its OFFERS or NEEDS edges: found by id for its matches and its cancellation
    "CREATE INDEX offers_listing IF NOT EXISTS FOR ()-[l:OFFERS]-() ON (l.listing_id)",
    "CREATE INDEX needs_listing IF NOT EXISTS FOR ()-[l:NEEDS]-() ON (l.listing_id)",
)

# Personal fields earlier versions wrote on residents and nothing in matching reads: the name,
# birth year and gender (from ResidentRegistered v1) and whether someone needs care (from
# ResidentCareFlagsChanged v1). Removed at every start, in steps, not once for all: during a
# rolling upgrade a projector of the previous version may still write them after the first new
# one has started. A scan of the residents: 0.1 s at 43,000 (0.6 s on a Neo4j just started).
FORGET_UNUSED_PERSONAL_FIELDS: LiteralString = """
MATCH (r:Resident)
WHERE r.display_name IS NOT NULL OR r.birth_year IS NOT NULL OR r.gender IS NOT NULL
   OR r.needs_care IS NOT NULL
CALL (r) {
  REMOVE r.display_name, r.birth_year, r.gender, r.needs_care
} IN TRANSACTIONS OF 5000 ROWS
"""
