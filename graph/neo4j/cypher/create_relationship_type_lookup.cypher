// edges(rel) scans one relationship type; like the label lookup, created unless present.
// params: -
CREATE LOOKUP INDEX stratagraph_relationship_types IF NOT EXISTS
FOR ()-[r]-() ON EACH type(r)
