"""Cypher that projects the residents service's events: places, people, taxonomy.

Every statement is idempotent. Statements about a resident first check for a removal tombstone,
so a late or replayed event cannot bring an erased resident back.
"""

from typing import LiteralString

# How processed events are remembered: see `processed_ids`. Each transaction first counts up
# the batches of every stream it projects; the count depends on the property it overwrites, so
# Neo4j takes the node's write lock before reading it, and holds it until the commit.
CLAIM_STREAMS: LiteralString = """
UNWIND $streams AS key
MERGE (s:EventStream {key: key})
SET s.batches = coalesce(s.batches, 0) + 1
RETURN key AS stream, s.batches AS batches
"""

PROCESSED_BATCHES: LiteralString = """
UNWIND $streams AS key
MATCH (b:ProcessedBatch {stream: key}) WHERE b.projected_at >= $since
RETURN key AS stream, b.projected_at.epochMillis AS at, b.ids AS ids
"""

# One node per stream and transaction with the ids it projected; `projected_at` (the
# transaction's time) is when they may be forgotten from (FORGET_PROCESSED).
REMEMBER_BATCHES: LiteralString = """
UNWIND $batches AS batch
CREATE (:ProcessedBatch {stream: batch.stream, ids: batch.ids, projected_at: datetime()})
"""

# Until session 12 each processed id was a node of its own. While any are left (FORGET_PROCESSED
# removes them after the keep period), a batch's ids are also looked up among them.
ANY_LEGACY_IDS: LiteralString = """
RETURN EXISTS { MATCH (:ProcessedEvent) } AS left
"""

SEEN_LEGACY_IDS: LiteralString = """
UNWIND $event_ids AS id
MATCH (:ProcessedEvent {id: id})
RETURN id
"""

# Records of ids (batches, and legacy single ids) projected before $before, at most $limit of
# them (one small transaction per call).
FORGET_PROCESSED: LiteralString = """
MATCH (n:ProcessedBatch|ProcessedEvent) WHERE n.projected_at < $before
WITH n LIMIT $limit
DELETE n
RETURN count(*) AS forgotten
"""

# Each write transaction that changes a community's graph counts up its version, so a reader
# can tell whether anything changed since it last read (snapshots skip unneeded rebuilds).
# Global events (the taxonomy) count up the "_global" version. `privacy` counts only the
# changes to who may be recommended and how (consent, erasure, a resident arriving or leaving):
# while it stands still, a snapshot's answers need no re-check against the graph.
BUMP_VERSIONS: LiteralString = """
UNWIND $community_ids AS community_id
MERGE (v:GraphVersion {scope: community_id})
SET v.version = coalesce(v.version, 0) + 1,
    v.privacy = coalesce(v.privacy, 0) + CASE WHEN community_id IN $privacy_ids THEN 1 ELSE 0 END
"""

MERGE_COMMUNITY: LiteralString = """
MERGE (c:Community {id: $community_id})
SET c.name = $name, c.district = $district
"""

MERGE_COMPOUND: LiteralString = """
MERGE (c:Community {id: $community_id})
MERGE (cp:Compound {id: $compound_id})
SET cp.name = $name, cp.community_id = $community_id
MERGE (cp)-[:IN]->(c)
"""

MERGE_BUILDING: LiteralString = """
MERGE (c:Community {id: $community_id})
MERGE (b:Building {id: $building_id})
SET b.name = $name, b.floors = $floors, b.units = $units, b.community_id = $community_id,
    b.compound_id = $compound_id
MERGE (b)-[:IN]->(c)
WITH b
CALL (b) {
  WITH b WHERE $compound_id IS NOT NULL
  MERGE (cp:Compound {id: $compound_id})
  MERGE (b)-[:IN_COMPOUND]->(cp)
}
"""

# A registration into another community also counts up the versions of the one left: its
# snapshots still hold the resident (the event names only the new community).
MERGE_RESIDENT: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident {id: $resident_id})
WITH gone WHERE gone IS NULL
MERGE (r:Resident {id: $resident_id})
WITH r, r.community_id AS previous
CALL (previous) {
  WITH previous WHERE previous IS NOT NULL AND previous <> $community_id
  MERGE (v:GraphVersion {scope: previous})
  SET v.version = coalesce(v.version, 0) + 1, v.privacy = coalesce(v.privacy, 0) + 1
}
SET r.community_id = $community_id, r.household_id = $household_id,
    r.languages = $languages, r.availability = $availability,
    r.may_be_recommended = $may_be_recommended,
    r.registered_at = coalesce(r.registered_at, datetime($occurred_at))
WITH r
MERGE (b:Building {id: $building_id})
ON CREATE SET b.community_id = $community_id
WITH r, b
OPTIONAL MATCH (r)-[moved:LIVES_IN]->(other:Building) WHERE other.id <> b.id
DELETE moved
MERGE (r)-[lives:LIVES_IN]->(b)
SET lives.floor = $floor, r.floor = $floor
"""

UPDATE_PROFILE: LiteralString = """
MATCH (r:Resident {id: $resident_id})
SET r.languages = $languages, r.availability = $availability
"""

MOVE_RESIDENT: LiteralString = """
MATCH (r:Resident {id: $resident_id})
MERGE (b:Building {id: $building_id})
ON CREATE SET b.community_id = r.community_id
WITH r, b
OPTIONAL MATCH (r)-[moved:LIVES_IN]->(other:Building) WHERE other.id <> b.id
DELETE moved
MERGE (r)-[lives:LIVES_IN]->(b)
SET lives.floor = $floor, r.floor = $floor, r.household_id = $household_id
"""

SET_SKILLS: LiteralString = """
MATCH (r:Resident {id: $resident_id})
OPTIONAL MATCH (r)-[old:HAS_SKILL]->(s:Skill) WHERE NOT s.tag IN [x IN $skills | x.tag]
DELETE old
WITH DISTINCT r
UNWIND $skills AS skill
MERGE (s:Skill {tag: skill.tag})
MERGE (r)-[h:HAS_SKILL]->(s)
SET h.level = skill.level, h.verified = skill.verified
"""

SET_INTERESTS: LiteralString = """
MATCH (r:Resident {id: $resident_id})
OPTIONAL MATCH (r)-[old:LIKES]->(i:Interest) WHERE NOT i.tag IN $interests
DELETE old
WITH DISTINCT r
UNWIND $interests AS tag
MERGE (i:Interest {tag: tag})
MERGE (r)-[:LIKES]->(i)
"""

SET_ROLES: LiteralString = """
MATCH (r:Resident {id: $resident_id}) SET r.roles = $roles
"""

SET_CONSENT: LiteralString = """
MATCH (r:Resident {id: $resident_id})
SET r.may_be_recommended = $may_be_recommended, r.recommendations = $recommendations
"""

SET_CARE_FLAGS: LiteralString = """
MATCH (r:Resident {id: $resident_id})
SET r.elderly_living_alone = $elderly_living_alone
"""

# Erasure: the resident, their wishes, and their id wherever another node kept it; a tombstone
# (id only) stops a replayed event from bringing any of it back.
REMOVE_RESIDENT: LiteralString = """
MERGE (gone:RemovedResident {id: $resident_id})
ON CREATE SET gone.removed_at = datetime($occurred_at)
WITH gone
CALL (gone) { OPTIONAL MATCH (r:Resident {id: gone.id}) DETACH DELETE r }
CALL (gone) { OPTIONAL MATCH (w:Wish {resident_id: gone.id}) DETACH DELETE w }
CALL (gone) { OPTIONAL MATCH (w:Wish {claimant_id: gone.id}) SET w.claimant_id = null }
CALL (gone) { OPTIONAL MATCH (a:Activity {organizer_id: gone.id}) SET a.organizer_id = null }
"""

DEFINE_SKILL: LiteralString = """
MERGE (t:Skill {tag: $tag})
SET t.name_zh = $name_zh, t.name_en = $name_en, t.category = $category,
    t.synonyms = $synonyms, t.description = $description
"""

DEFINE_INTEREST: LiteralString = """
MERGE (t:Interest {tag: $tag})
SET t.name_zh = $name_zh, t.name_en = $name_en, t.category = $category,
    t.synonyms = $synonyms, t.description = $description
"""
