// Remove edges of one relationship type by key (a template: __REL__ is one graph.records.Rel,
// filled from the enum, never from input), before the batch's upserts so a batch can drop and
// re-add one edge. The source id, parsed from the key, reaches the edge through the id index;
// keys that match nothing are ignored.
// params: rows
UNWIND $rows AS row
WITH row, row.source AS source
MATCH (:Entity {id: source})-[r:__REL__ {key: row.key}]->()
DELETE r
