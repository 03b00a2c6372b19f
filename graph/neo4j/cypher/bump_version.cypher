// First statement of every write and delete transaction. The SET reads and writes the same
// property, so Neo4j takes the node's write lock before reading: writers queue here, each
// gets its own version, and a write validates against what the writers before it committed.
// params: -
MERGE (m:Meta {id: 'version'})
  ON CREATE SET m.version = 0
SET m.version = m.version + 1
RETURN m.version AS version
