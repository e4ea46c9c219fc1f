// A nested-stack action: the parent work item must still hold its lease ($token); the child stack
// it already made (found by the parent's idempotency key, so a worker lost mid-way never creates
// a second one) or the one its physical id names (updates and deletes of an existing child).
CYPHER replan=skip
MATCH (r:Resource {id: $resourceId})
WHERE r.leaseToken = $token
OPTIONAL MATCH (byKey:Stack {ownerKey: $ownerKey})
USING INDEX SEEK byKey:Stack(ownerKey)
WHERE byKey.liveName IS NOT NULL
OPTIONAL MATCH (byId:Stack {id: $childId})
WHERE byId.liveName IS NOT NULL
WITH r, coalesce(byKey, byId) AS c
RETURN r.id AS id, r.stackId AS stackId, c.id AS childId
