// Ends actions: writes the physical outcome (always, even for a superseded traversal, so nothing
// real is forgotten), releases the lease, and for current items moves the work item to its next
// state. Returns the successors to decrement and the items a superseded action was holding back.
CYPHER replan=skip
UNWIND $items AS it
MATCH (r:Resource {id: it.id})
WHERE r.leaseToken = it.token
// Successors: a converge item's NEEDED_BY dependents (same version), plus the stored extras. In a
// subquery, not an expression under CASE: its plan is visible to EXPLAIN (stable-plans test).
CALL (r) {
  OPTIONAL MATCH (r)-[:NEEDED_BY]->(s)
  WHERE r.work = 'CONVERGE'
  RETURN collect(s.id) AS successors
}
WITH r, it, r.onRelease AS onRelease, successors + coalesce(r.next, []) AS next
SET r += it.set,
    r.leaseOwner = null, r.leaseToken = null, r.leaseExpires = null, r.action = null,
    r.actionStartedAt = null, r.actionTraversal = null, r.recover = null, r.onRelease = null,
    r.workState = CASE WHEN it.current THEN it.workState ELSE r.workState END,
    r.notBefore = CASE WHEN it.current AND it.workState = 'READY' THEN timestamp() + toInteger(it.delayMs) ELSE r.notBefore END,
    r.updatedAt = timestamp()
RETURN r.id AS id, it.token AS token, r.stackId AS stackId, r.work AS work,
  CASE WHEN it.current AND it.workState = 'DONE' THEN next ELSE [] END AS next,
  coalesce(onRelease, []) AS onRelease
