// Every edge between stratagraph nodes whose type is one of graph.records.Rel ($types).
// params: types
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
