// Records what an action reported before the resource is ready (its physical id, first attributes),
// so a crash while observing never forgets a physical resource.
CYPHER replan=skip
UNWIND $items AS it
MATCH (r:Resource {id: it.id})
WHERE r.leaseToken = it.token
SET r += it.set, r.updatedAt = timestamp()
RETURN r.id AS id, it.token AS token
