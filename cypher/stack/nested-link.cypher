// Links a parent resource to its child stack and, with $park, parks the parent's lease while the
// child converges: no expiry (the child's completion finishes the item, in the commit that
// completes the child), no renewal. The child records who waits for it under which lease, and
// the parent what finishing it needs ($wait: verb, resolved properties, dependency copies).
MATCH (r:Resource {id: $resourceId})
WHERE r.leaseToken = $token
MATCH (c:Stack {id: $childId})
MERGE (r)-[:OWNS_STACK]->(c)
SET c.ownerKey = $ownerKey, c.parentStackId = r.stackId, c.parentResourceId = r.id,
    c.parentResourceName = r.name, c.nestedDepth = $depth,
    c.waiterId = CASE WHEN $park THEN r.id ELSE null END,
    c.waiterToken = CASE WHEN $park THEN $token ELSE null END,
    r.physicalResourceId = c.id, r.updatedAt = timestamp()
FOREACH (_ IN CASE WHEN $park THEN [1] ELSE [] END |
  SET r.leaseExpires = null, r.nestedWait = true, r.nestedVerb = $wait.verb,
      r.nestedProperties = $wait.properties, r.nestedRefs = $wait.refs)
RETURN r.id AS id
