"""Cypher for tie evidence derived in batch: shared small groups, repeated co-attendance.

The job reads who shares which small group / small activity, computes the evidence in Python
(domain/derived_ties.py), and writes only the difference to what is stored, then refreshes the
KNOWS tie of every pair it touched with the same rule as event-driven evidence.
"""

from typing import LiteralString

SMALL_GROUPS: LiteralString = """
MATCH (g:Group {community_id: $community_id})
WITH g, [(r:Resident)-[m:MEMBER_OF]->(g) | [r.id, toString(m.since)]] AS members
WHERE 2 <= size(members) <= $max_size
RETURN g.id AS id, members
"""

SMALL_ACTIVITIES: LiteralString = """
MATCH (a:Activity {community_id: $community_id})
WITH a, [(r:Resident)-[x:ATTENDED]->(a) | [r.id, toString(x.at)]] AS attendees
WHERE 2 <= size(attendees) <= $max_size
RETURN a.id AS id, attendees
"""

DERIVED_EVIDENCE: LiteralString = """
MATCH (a:Resident {community_id: $community_id})-[e:EVIDENCE]->(b:Resident)
WHERE e.source IN $sources
RETURN a.id AS low, b.id AS high, e.source AS source, e.ref AS ref, e.weight AS weight
"""

ADD_DERIVED_EVIDENCE: LiteralString = """
UNWIND $rows AS row
MATCH (a:Resident {id: row.low}), (b:Resident {id: row.high})
MERGE (a)-[e:EVIDENCE {source: row.source, ref: row.ref}]->(b)
SET e.weight = row.weight, e.at = datetime(row.at)
"""

DROP_DERIVED_EVIDENCE: LiteralString = """
UNWIND $rows AS row
MATCH (:Resident {id: row.low})-[e:EVIDENCE {source: row.source, ref: row.ref}]->
      (:Resident {id: row.high})
DELETE e
"""

# The rule of writes_life.REFRESH_TIE, for many pairs at once.
REFRESH_TIES: LiteralString = """
UNWIND $pairs AS pair
MATCH (a:Resident {id: pair.low}), (b:Resident {id: pair.high})
CALL (a, b) {
  OPTIONAL MATCH (a)-[e:EVIDENCE]->(b)
  WITH a, b, e ORDER BY e.at
  WITH a, b, collect(e) AS evidence
  WITH a, b, evidence,
       reduce(acc = {total: 0.0, since: null}, x IN evidence |
         {total: acc.total + x.weight,
          since: CASE WHEN acc.since IS NULL AND acc.total + x.weight >= $threshold
                 THEN x.at ELSE acc.since END}) AS agg
  CALL (a, b, evidence, agg) {
    WITH * WHERE agg.total >= $threshold
    MERGE (a)-[k:KNOWS]->(b)
    SET k.weight = agg.total, k.since = agg.since,
        k.sources = reduce(s = [], x IN evidence |
                           CASE WHEN x.source IN s THEN s ELSE s + x.source END)
  }
  CALL (a, b, agg) {
    WITH * WHERE agg.total < $threshold
    OPTIONAL MATCH (a)-[k:KNOWS]->(b)
    DELETE k
  }
}
"""

ACTIVE_COMMUNITIES: LiteralString = """
MATCH (c:Community) RETURN c.id AS id ORDER BY id
"""

# For the offline evaluation only: its generated communities (ids starting "eval-") are
# dropped before being generated again.
DROP_EVALUATION_COMMUNITY: LiteralString = """
MATCH (n) WHERE $community_id STARTS WITH 'eval-'
  AND (n:Resident OR n:Building OR n:Compound OR n:Activity OR n:Group OR n:Exchange OR n:Wish)
  AND n.community_id = $community_id
DETACH DELETE n
WITH count(*) AS dropped
MATCH (c:Community {id: $community_id}) WHERE $community_id STARTS WITH 'eval-'
DETACH DELETE c
"""
