// find() and count() scan one label; Neo4j 5 creates this lookup index by default, but a
// database may have dropped it. IF NOT EXISTS also holds when it exists under another name.
// params: -
CREATE LOOKUP INDEX stratagraph_node_labels IF NOT EXISTS
FOR (n) ON EACH labels(n)
