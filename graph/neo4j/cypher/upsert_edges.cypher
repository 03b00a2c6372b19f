// Upsert edges of one relationship type (a template: __REL__ is one graph.records.Rel, filled
// from the enum, never from input). An edge is identified by its key (source|type|target|
// validFrom); `SET r = row.props` replaces its properties (record props, key, sourcesJson).
// The caller compares `written` with the rows it sent. (The ends are named before the MATCH
// so that the linter's property check sees map keys as map keys.)
// params: rows
UNWIND $rows AS row
WITH row, row.source AS source, row.target AS target
MATCH (a:Entity {id: source})
MATCH (b:Entity {id: target})
MERGE (a)-[r:__REL__ {key: row.key}]->(b)
SET r = row.props
RETURN count(r) AS written
