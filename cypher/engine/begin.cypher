// Starts actions decided by workers (update, replace, delete, keep-as-is), for items whose lease
// is still held and whose traversal is still the stack's current one (checked by the caller under
// the stack lock). Taking over a live copy (keep-as-is or update in place) moves ownership of the
// physical resource to the new version's resource in the same write.
CYPHER replan=skip
UNWIND $items AS it
MATCH (r:Resource {id: it.id})
WHERE r.leaseToken = it.token
SET r += it.set, r.updatedAt = timestamp()
WITH r, it
CALL (r, it) {
  WITH r, it WHERE it.baseId IS NOT NULL
  MATCH (b:Resource {id: it.baseId})
  SET b.live = CASE WHEN it.link = 'SUCCEEDS' THEN null ELSE b.live END, b.updatedAt = timestamp()
  FOREACH (_ IN CASE WHEN it.link = 'SUCCEEDS' THEN [1] ELSE [] END | MERGE (r)-[:SUCCEEDS]->(b))
  FOREACH (_ IN CASE WHEN it.link = 'REPLACES' THEN [1] ELSE [] END | MERGE (r)-[:REPLACES]->(b))
}
RETURN r.id AS id, it.token AS token
