// The ready frontier of a stack version: resources not yet observed ready whose dependencies all
// are. Read from the work-item counters (a resource becomes READY when its count of unfinished
// dependencies reaches zero), so the cost follows the frontier, not the size of the stack.
MATCH (r:Resource {stackId: $stackId})
WHERE r.workState IN ['READY', 'RUNNING'] AND r.versionId = $versionId AND NOT r.observedReady
RETURN r.id AS id, r.name AS name, r.workState AS workState
ORDER BY r.name
