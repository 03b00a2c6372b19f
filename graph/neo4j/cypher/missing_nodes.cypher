// Which of the ids (the ends of a batch's edges that the batch does not write) no node has:
// a write with any is refused and rolled back.
// params: ids
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
WITH id, n
WHERE n IS NULL
RETURN id
