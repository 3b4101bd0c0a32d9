"""Read-only Cypher behind the matching subgraph's answers."""

from typing import LiteralString

BUILDING_NEIGHBOURS: LiteralString = """
MATCH (me:Resident {id: $resident_id})-[:LIVES_IN]->(:Building)<-[:LIVES_IN]-(n:Resident)
WHERE n.id <> me.id AND n.may_be_recommended = true
RETURN n.id AS id, n.floor AS floor
ORDER BY abs(coalesce(n.floor, 0) - coalesce(me.floor, 0)), n.id
LIMIT $limit
"""

COMMUNITY_COUNTS: LiteralString = """
MATCH (c:Community {id: $community_id})
RETURN c.id AS id,
       COUNT { MATCH (:Building {community_id: c.id}) } AS buildings,
       COUNT { MATCH (:Resident {community_id: c.id}) } AS residents,
       COUNT { MATCH (:Activity {community_id: c.id}) } AS activities
"""
