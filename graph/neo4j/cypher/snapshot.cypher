// The whole graph for analysis in one query, streamed as tagged rows: the version, every
// node, every edge, and the version again. Neo4j reads at read-committed isolation, so the
// caller keeps the rows only when both versions agree (no write committed in between) and
// asks again otherwise.
// params: types
OPTIONAL MATCH (m:Meta {id: 'version'})
RETURN 'version' AS kind, coalesce(m.version, 0) AS version, null AS type, null AS labels,
       null AS source, null AS target, null AS props
UNION ALL
MATCH (n:Entity)
RETURN 'node' AS kind, null AS version, null AS type, labels(n) AS labels,
       n.id AS source, null AS target, properties(n) AS props
UNION ALL
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN 'edge' AS kind, null AS version, type(r) AS type, null AS labels,
       a.id AS source, b.id AS target, properties(r) AS props
UNION ALL
OPTIONAL MATCH (m:Meta {id: 'version'})
RETURN 'version' AS kind, coalesce(m.version, 0) AS version, null AS type, null AS labels,
       null AS source, null AS target, null AS props
