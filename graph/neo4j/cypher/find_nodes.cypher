// Nodes of one label (a template: __LABEL__ is one graph.records.Label) whose properties
// equal every entry of $where, with Cypher's own equality (true <> 1, 1 = 1.0, lists element
// by element, null matches nothing). Property names come as map keys, never as Cypher text.
// params: where
MATCH (n:__LABEL__)
WHERE n:Entity AND all(name IN keys($where) WHERE n[name] = $where[name])
RETURN labels(n) AS labels, properties(n) AS props
