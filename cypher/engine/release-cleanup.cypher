// The converge phase of a traversal is over: every cleanup item drops its barrier count, and
// those with nothing else to wait for become ready (old copies are deleted from now on).
MATCH (r:Resource {stackId: $stackId, workState: 'WAITING'})
WHERE r.traversal = $traversal AND r.work = 'CLEANUP'
SET r.pending = r.pending - 1
WITH r WHERE r.pending <= 0
SET r.workState = 'READY', r.notBefore = timestamp()
RETURN count(r) AS ready
