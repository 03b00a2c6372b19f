// The data version; 0 before the first open created the version node.
// params: -
OPTIONAL MATCH (m:Meta {id: 'version'})
RETURN coalesce(m.version, 0) AS version
