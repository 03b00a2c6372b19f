// The data version lives on one (:Meta {id: 'version'}) node; the constraint keeps it one
// when several instances open the database at once (MERGE under a unique constraint is safe).
// params: -
CREATE CONSTRAINT stratagraph_meta_id IF NOT EXISTS
FOR (m:Meta) REQUIRE m.id IS UNIQUE
