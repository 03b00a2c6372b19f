// How many stratagraph nodes carry one label (a template: __LABEL__ is one graph.records.Label).
// params: -
MATCH (n:__LABEL__)
WHERE n:Entity
RETURN count(n) AS count
