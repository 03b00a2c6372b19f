// Remove nodes and every relationship touching them; ids that match no node are ignored.
// params: ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
