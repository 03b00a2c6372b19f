// The version node, created at version 0 in a database that has none.
// params: -
MERGE (m:Meta {id: 'version'})
  ON CREATE SET m.version = 0
