// Every edge of one type (a template: __REL__ is one graph.records.Rel): a scan of the
// relationship type lookup index, not of the whole graph.
// params: -
MATCH (a:Entity)-[r:__REL__]->(b:Entity)
RETURN a.id AS source, b.id AS target, properties(r) AS props
