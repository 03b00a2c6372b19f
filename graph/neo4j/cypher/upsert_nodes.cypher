// Upsert nodes of one label (a template: __LABEL__ is one graph.records.Label and
// __OTHER_LABELS__ every other one, filled from the enum, never from input).
// `SET n = row.props` replaces every property: row.props holds the record's properties plus
// id and sourcesJson. An upsert may change a node's label, as in the embedded store.
// params: rows
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
REMOVE n:__OTHER_LABELS__
SET n:__LABEL__
