// Edges of one type (a template: __REL__ is one graph.records.Rel) in either direction at any
// of the ids, valid on $at; each relationship once, also when both ends are among the ids.
// params: ids, at
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r:__REL__]-(:Entity)
WHERE $at IS NULL
  OR ((r.validFrom IS NULL OR r.validFrom <= $at) AND (r.validTo IS NULL OR $at <= r.validTo))
WITH DISTINCT r
RETURN startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props
