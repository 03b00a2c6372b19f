// Every stratagraph node carries :Entity next to its own label, and its id is unique across
// labels: this constraint's index answers every lookup by id, whatever the label.
// params: -
CREATE CONSTRAINT stratagraph_entity_id IF NOT EXISTS
FOR (n:Entity) REQUIRE n.id IS UNIQUE
