// Incoming edges of one type (a template: __REL__ is one graph.records.Rel) to any of the
// ids, valid on $at; see neighbours_out.cypher.
// params: ids, at
UNWIND $ids AS id
MATCH (n:Entity {id: id})<-[r:__REL__]-(m:Entity)
WHERE $at IS NULL
  OR ((r.validFrom IS NULL OR r.validFrom <= $at) AND (r.validTo IS NULL OR $at <= r.validTo))
RETURN m.id AS source, n.id AS target, properties(r) AS props
