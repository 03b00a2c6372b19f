// Outgoing edges of one type (a template: __REL__ is one graph.records.Rel) from any of the
// ids, valid on $at (an ISO date; null for every period). Both bounds are inclusive and a
// missing bound is open, as in graph.records.Edge.valid_at.
// params: ids, at
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r:__REL__]->(m:Entity)
WHERE $at IS NULL
  OR ((r.validFrom IS NULL OR r.validFrom <= $at) AND (r.validTo IS NULL OR $at <= r.validTo))
RETURN n.id AS source, m.id AS target, properties(r) AS props
