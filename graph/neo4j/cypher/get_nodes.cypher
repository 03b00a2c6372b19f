// The nodes among the ids that exist: one index seek per id, one round trip for all.
// params: ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN labels(n) AS labels, properties(n) AS props
