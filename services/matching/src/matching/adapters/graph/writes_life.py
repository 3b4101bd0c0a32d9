"""Cypher that projects the activities service's events, and the tie evidence derived from them.

Events of the activities topic are not ordered against the residents topic, so a statement may
meet a resident the graph has not seen yet: it creates a placeholder (MERGE), which the
registration fills in later, unless the resident was removed (tombstone check).
"""

from typing import LiteralString

# Parameters $resident_id / $community_id; yields `r` unless the resident was erased.
_RESIDENT: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident {id: $resident_id})
WITH gone WHERE gone IS NULL
MERGE (r:Resident {id: $resident_id})
ON CREATE SET r.community_id = $community_id
"""

MERGE_ACTIVITY: LiteralString = """
MERGE (a:Activity {id: $activity_id})
SET a.community_id = $community_id, a.title = $title, a.kind = $kind,
    a.starts_at = datetime($starts_at), a.ends_at = datetime($ends_at), a.capacity = $capacity,
    a.organizer_id = $organizer_id, a.tags = $tags, a.building_ids = $building_ids,
    a.cancelled = coalesce(a.cancelled, false)
"""

CANCEL_ACTIVITY: LiteralString = """
MERGE (a:Activity {id: $activity_id})
ON CREATE SET a.community_id = $community_id
SET a.cancelled = true
"""

REGISTER_FOR_ACTIVITY: LiteralString = (
    _RESIDENT
    + """
MERGE (a:Activity {id: $activity_id})
ON CREATE SET a.community_id = $community_id
MERGE (r)-[reg:REGISTERED]->(a)
SET reg.waitlisted = $waitlisted
"""
)

CANCEL_REGISTRATION: LiteralString = """
MATCH (:Resident {id: $resident_id})-[reg:REGISTERED]->(:Activity {id: $activity_id})
DELETE reg
"""

MERGE_ATTENDED: LiteralString = (
    _RESIDENT
    + """
MERGE (a:Activity {id: $activity_id})
ON CREATE SET a.community_id = $community_id
MERGE (r)-[att:ATTENDED]->(a)
SET att.at = datetime($checked_in_at)
"""
)

MERGE_GROUP: LiteralString = """
MERGE (g:Group {id: $group_id})
SET g.community_id = $community_id, g.name = $name, g.kind = $kind, g.tags = $tags,
    g.building_id = $building_id, g.compound_id = $compound_id
WITH g
UNWIND $tags AS tag
MERGE (i:Interest {tag: tag})
MERGE (g)-[:ABOUT]->(i)
"""

JOIN_GROUP: LiteralString = (
    _RESIDENT
    + """
MERGE (g:Group {id: $group_id})
ON CREATE SET g.community_id = $community_id
MERGE (r)-[m:MEMBER_OF]->(g)
SET m.role = $role, m.since = coalesce(m.since, datetime($occurred_at))
"""
)

LEAVE_GROUP: LiteralString = """
MATCH (:Resident {id: $resident_id})-[m:MEMBER_OF]->(:Group {id: $group_id})
DELETE m
"""

# A listing is an OFFERS or NEEDS edge per skill, keyed by the listing id.
POST_OFFER: LiteralString = (
    _RESIDENT
    + """
WITH r
UNWIND $skill_tags AS tag
MERGE (s:Skill {tag: tag})
MERGE (r)-[l:OFFERS {listing_id: $listing_id}]->(s)
SET l.title = $title, l.at = datetime($occurred_at)
"""
)

POST_NEED: LiteralString = (
    _RESIDENT
    + """
WITH r
UNWIND $skill_tags AS tag
MERGE (s:Skill {tag: tag})
MERGE (r)-[l:NEEDS {listing_id: $listing_id}]->(s)
SET l.title = $title, l.at = datetime($occurred_at)
"""
)

# As LISTING (recommend_reads): one branch per type, so each seeks its listing-id index.
CANCEL_LISTING: LiteralString = """
CALL () {
  MATCH ()-[l:OFFERS {listing_id: $listing_id}]->() RETURN l
  UNION ALL
  MATCH ()-[l:NEEDS {listing_id: $listing_id}]->() RETURN l
}
DELETE l
"""

# Exchanges are nodes so that hours and each side's rating stay with the exchange;
# HELPED {times, hours, rating} between the two residents is recomputed from them.
MERGE_EXCHANGE: LiteralString = """
MERGE (x:Exchange {id: $exchange_id})
SET x.community_id = $community_id, x.helper_id = $helper_id, x.helped_id = $helped_id,
    x.skill_tags = coalesce($skill_tags, x.skill_tags), x.hours = coalesce($hours, x.hours),
    x.completed_at = CASE WHEN $completed THEN datetime($occurred_at) ELSE x.completed_at END
"""

RATE_EXCHANGE: LiteralString = """
MERGE (x:Exchange {id: $exchange_id})
ON CREATE SET x.community_id = $community_id
SET x.rating_of_helper = CASE WHEN x.helper_id = $rated_id THEN $rating ELSE x.rating_of_helper END,
    x.rating_of_helped = CASE WHEN x.helped_id = $rated_id THEN $rating ELSE x.rating_of_helped END
"""

REFRESH_HELPED: LiteralString = """
MATCH (this:Exchange {id: $exchange_id})
MATCH (helper:Resident {id: this.helper_id}), (helped:Resident {id: this.helped_id})
OPTIONAL MATCH (x:Exchange {helper_id: helper.id, helped_id: helped.id})
WHERE x.completed_at IS NOT NULL
WITH helper, helped, count(x) AS times, sum(x.hours) AS hours, avg(x.rating_of_helper) AS rating
CALL (helper, helped, times, hours, rating) {
  WITH * WHERE times > 0
  MERGE (helper)-[h:HELPED]->(helped)
  SET h.times = times, h.hours = hours, h.rating = rating
}
CALL (helper, helped, times) {
  WITH * WHERE times = 0
  OPTIONAL MATCH (helper)-[h:HELPED]->(helped)
  DELETE h
}
"""

# Totals are sums and the last contribution is the latest one, whatever order the events arrive
# in (the bench history publishes points grouped, not by time; a retried publication is late).
ADD_POINTS: LiteralString = """
MATCH (r:Resident {id: $resident_id})
SET r.points_earned = coalesce(r.points_earned, 0) + CASE WHEN $amount > 0 THEN $amount ELSE 0 END,
    r.points_balance = coalesce(r.points_balance, 0) + $amount,
    r.volunteer_points = coalesce(r.volunteer_points, 0)
      + CASE WHEN $reason = 'volunteer_hours' THEN $amount ELSE 0 END,
    r.last_contribution_at = CASE
      WHEN $amount > 0 AND (r.last_contribution_at IS NULL
                            OR datetime($occurred_at) > r.last_contribution_at)
      THEN datetime($occurred_at) ELSE r.last_contribution_at END
"""

# A wish of an erased resident is never made again; a claim or fulfilment only updates a wish
# that exists (so a replay after the poster's erasure leaves no stub), and an erased claimant's
# id is not written back.
MERGE_WISH: LiteralString = """
OPTIONAL MATCH (known:Wish {id: $wish_id})
WITH known
WHERE NOT EXISTS { MATCH (:RemovedResident {id: $resident_id}) }
  AND ($resident_id IS NOT NULL OR known IS NOT NULL)
MERGE (w:Wish {id: $wish_id})
SET w.community_id = $community_id,
    w.resident_id = coalesce($resident_id, w.resident_id),
    w.title = coalesce($title, w.title),
    w.claimant_id = CASE WHEN EXISTS { MATCH (:RemovedResident {id: $claimant_id}) }
                    THEN w.claimant_id ELSE coalesce($claimant_id, w.claimant_id) END,
    w.fulfilled_at = CASE WHEN $fulfilled THEN datetime($occurred_at) ELSE w.fulfilled_at END
"""

# A withdrawn wish is forgotten (its title is the poster's words); a replay posts it again and
# deletes it again, in the order the events were published.
DELETE_WISH: LiteralString = """
MATCH (w:Wish {id: $wish_id})
DETACH DELETE w
"""

# Evidence of acquaintance between two residents ($low_id < $high_id), one edge per source and
# reference, so the same evidence recorded twice counts once. Like a registration, it makes the
# residents (unless erased) if their own events are still to come.
ADD_EVIDENCE: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident) WHERE gone.id IN [$low_id, $high_id]
WITH count(gone) AS erased WHERE erased = 0
MERGE (a:Resident {id: $low_id})
ON CREATE SET a.community_id = $community_id
MERGE (b:Resident {id: $high_id})
ON CREATE SET b.community_id = $community_id
MERGE (a)-[e:EVIDENCE {source: $source, ref: $ref}]->(b)
ON CREATE SET e.weight = $weight, e.at = datetime($occurred_at)
"""

# KNOWS between the pair is the evidence's total once it reaches the threshold; `since` is when
# the running total first reached it (so past states of the network can be reconstructed).
REFRESH_TIE: LiteralString = """
MATCH (a:Resident {id: $low_id}), (b:Resident {id: $high_id})
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
      k.sources = reduce(s = [], x IN evidence | CASE WHEN x.source IN s THEN s ELSE s + x.source END)
}
CALL (a, b, agg) {
  WITH * WHERE agg.total < $threshold
  OPTIONAL MATCH (a)-[k:KNOWS]->(b)
  DELETE k
}
"""


# Statements that only link to these ids (see batching.WritePlan): each MERGEs the residents
# (unless erased) and the other node if missing, setting only `community_id` on creation, and
# writes only the relationships between them (REFRESH_TIE: the pair's KNOWS, from its evidence). A removal, a profile change or a new activity's details still
# write the id, and keep their order with these.
LINKS: dict[str, tuple[str, ...]] = {
    REGISTER_FOR_ACTIVITY: ("resident_id", "activity_id"),
    MERGE_ATTENDED: ("resident_id", "activity_id"),
    JOIN_GROUP: ("resident_id", "group_id"),
    ADD_EVIDENCE: ("low_id", "high_id"),
    REFRESH_TIE: ("low_id", "high_id"),
}

# Statements that recompute what other writes imply and whose result nothing else in a batch
# reads (see batching.WritePlan): of identical calls in one batch only the last is sent.
REFRESHES: frozenset[str] = frozenset({REFRESH_TIE, REFRESH_HELPED})
