"""Read-only Cypher behind the recommendations: validation look-ups and a community's snapshot.

Each snapshot query starts from the `community_id` index of its label; pattern comprehensions
collect a node's relationships in the same pass. Times come as epoch milliseconds: hydrating
tens of thousands of driver DateTime objects was most of a 20,000-resident snapshot's read.
"""

from typing import LiteralString

COMMUNITY: LiteralString = """
MATCH (c:Community {id: $community_id}) RETURN c.id AS id
"""

# The communities with most residents: their snapshots are built when the API starts.
BUSIEST_COMMUNITIES: LiteralString = """
MATCH (r:Resident) WHERE r.community_id IS NOT NULL
WITH r.community_id AS id, count(*) AS residents
RETURN id ORDER BY residents DESC, id LIMIT $limit
"""

RESIDENT: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident {id: $resident_id})
OPTIONAL MATCH (r:Resident {id: $resident_id})
RETURN gone IS NOT NULL AS removed, r.id AS id, r.community_id AS community_id,
       coalesce(r.recommendations, 'personalised') AS mode
"""

# Consent is checked again on the answer itself, so a snapshot's age never leaks a resident
# who has just opted out (or was removed) into a recommendation.
STILL_RECOMMENDABLE: LiteralString = """
UNWIND $ids AS id
MATCH (r:Resident {id: id}) WHERE r.may_be_recommended = true
RETURN r.id AS id
"""

# After scoring, one round trip: the resident as of now (removed? moved? mode?) and which of
# the recommended residents still consent, so a snapshot's age never leaks an opt-out.
ANSWER_CHECK: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident {id: $resident_id})
OPTIONAL MATCH (r:Resident {id: $resident_id})
CALL () {
  UNWIND $ids AS id
  MATCH (x:Resident {id: id}) WHERE x.may_be_recommended = true
  RETURN collect(x.id) AS allowed
}
RETURN gone IS NOT NULL AS removed, r.id AS id, r.community_id AS community_id,
       coalesce(r.recommendations, 'personalised') AS mode, allowed
"""

BUILDINGS: LiteralString = """
UNWIND $building_ids AS building_id
OPTIONAL MATCH (b:Building {id: building_id})
RETURN building_id AS id, b.community_id AS community_id
"""

KNOWN_SKILLS: LiteralString = """
UNWIND $tags AS tag
OPTIONAL MATCH (s:Skill {tag: tag})
RETURN tag, s IS NOT NULL AS known
"""

# One branch per relationship type: each can seek its listing-id index (one pattern with both
# types scanned every listing edge: ~6,400 db hits at 20,000 residents).
LISTING: LiteralString = """
CALL () {
  MATCH (r:Resident)-[l:OFFERS {listing_id: $listing_id}]->(s:Skill) RETURN r, l, s
  UNION ALL
  MATCH (r:Resident)-[l:NEEDS {listing_id: $listing_id}]->(s:Skill) RETURN r, l, s
}
RETURN r.id AS resident_id, r.community_id AS community_id, type(l) AS kind,
       collect(s.tag) AS tags
"""

# How many write transactions changed the community (and the shared taxonomy) so far, and how
# many of them changed who may be recommended (see BUMP_VERSIONS).
GRAPH_VERSION: LiteralString = """
OPTIONAL MATCH (v:GraphVersion {scope: $community_id})
OPTIONAL MATCH (g:GraphVersion {scope: $global_id})
RETURN coalesce(v.version, 0) AS version, coalesce(g.version, 0) AS global_version,
       coalesce(v.privacy, 0) AS privacy
"""

PRIVACY_VERSIONS: LiteralString = """
UNWIND $community_ids AS id
OPTIONAL MATCH (v:GraphVersion {scope: id})
RETURN id, coalesce(v.privacy, 0) AS privacy
"""

SNAPSHOT_RESIDENTS: LiteralString = """
MATCH (r:Resident {community_id: $community_id})
OPTIONAL MATCH (r)-[:LIVES_IN]->(b:Building)
RETURN r.id AS id, b.id AS building_id, b.compound_id AS compound_id, r.floor AS floor,
       r.household_id AS household_id,
       coalesce(r.may_be_recommended, false) AS may_be_recommended,
       coalesce(r.recommendations, 'personalised') AS mode,
       [(r)-[h:HAS_SKILL]->(s:Skill) | [s.tag, h.level]] AS skills,
       [(r)-[:LIKES]->(i:Interest) | i.tag] AS interests,
       [(r)-[:OFFERS]->(s:Skill) | s.tag] AS offers,
       [(r)-[:NEEDS]->(s:Skill) | s.tag] AS needs,
       coalesce(r.availability, []) AS availability,
       coalesce(r.volunteer_points, 0) AS volunteer_points,
       r.last_contribution_at.epochMillis AS last_contribution_ms
"""

SNAPSHOT_TIES: LiteralString = """
MATCH (a:Resident {community_id: $community_id})-[k:KNOWS]->(b:Resident)
RETURN a.id AS a, b.id AS b, k.weight AS weight
"""

# One-sided "I know them" (evidence `declared`, `ref` = who said it) not yet a KNOWS tie.
SNAPSHOT_DECLARED: LiteralString = """
MATCH (a:Resident {community_id: $community_id})-[e:EVIDENCE {source: 'declared'}]->(b:Resident)
WHERE NOT (a)-[:KNOWS]-(b)
RETURN e.ref AS by, CASE WHEN e.ref = a.id THEN b.id ELSE a.id END AS about
"""

SNAPSHOT_GROUPS: LiteralString = """
MATCH (g:Group {community_id: $community_id})
RETURN g.id AS id, coalesce(g.name, '') AS name, coalesce(g.tags, []) AS tags,
       g.building_id AS building_id, g.compound_id AS compound_id,
       [(r:Resident)-[m:MEMBER_OF]->(g) | [r.id, m.role]] AS members
"""

SNAPSHOT_ACTIVITIES: LiteralString = """
MATCH (a:Activity {community_id: $community_id})
RETURN a.id AS id, coalesce(a.title, '') AS title, coalesce(a.tags, []) AS tags,
       a.starts_at.epochMillis AS starts_ms, coalesce(a.building_ids, []) AS building_ids,
       coalesce(a.cancelled, false) AS cancelled,
       [(r:Resident)-[x:ATTENDED]->(a) | [r.id, x.at.epochMillis]] AS attended,
       [(r:Resident)-[x:REGISTERED]->(a) WHERE NOT coalesce(x.waitlisted, false) | r.id]
         AS registered
"""

SNAPSHOT_HELPS: LiteralString = """
MATCH (x:Exchange {community_id: $community_id})
WHERE x.completed_at IS NOT NULL
RETURN x.helper_id AS helper_id, x.helped_id AS helped_id, x.rating_of_helper AS rating,
       x.completed_at.epochMillis AS at_ms
"""

TAXONOMY: LiteralString = """
CALL () {
  MATCH (t:Skill) RETURN 'skill' AS kind, t
  UNION ALL
  MATCH (t:Interest) RETURN 'interest' AS kind, t
}
RETURN kind, t.tag AS tag, coalesce(t.name_zh, '') AS name_zh, coalesce(t.name_en, '') AS name_en,
       coalesce(t.synonyms, []) AS synonyms, coalesce(t.description, '') AS description
"""
