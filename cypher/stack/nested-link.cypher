// Links a parent resource to its child stack and, with $park, parks the parent's lease while the
// child converges: no expiry (the child's completion finishes the item, in the commit that
// completes the child), no renewal. The child records who waits for it under which lease, and
// the parent what finishing it needs ($wait: verb, resolved properties, dependency copies).
// The parent resource is locked before its lease is read (SET first): a new child's link runs
// without the parent stack's lock (see StackOperations.applyNested), and every change of a lease
// writes the resource, so once this holds the resource's lock the lease it reads is settled.
// Returns the parent stack's current version, which the caller checks against the one the child's
// template was compiled from.
CYPHER replan=skip
MATCH (r:Resource {id: $resourceId})
SET r.updatedAt = timestamp()
WITH r
WHERE r.leaseToken = $token
MATCH (c:Stack {id: $childId})
MERGE (r)-[:OWNS_STACK]->(c)
SET c.ownerKey = $ownerKey, c.parentStackId = r.stackId, c.parentResourceId = r.id,
    c.parentResourceName = r.name, c.nestedDepth = $depth,
    c.waiterId = CASE WHEN $park THEN r.id ELSE null END,
    c.waiterToken = CASE WHEN $park THEN $token ELSE null END,
    r.physicalResourceId = c.id
FOREACH (_ IN CASE WHEN $park THEN [1] ELSE [] END |
  SET r.leaseExpires = null, r.nestedWait = true, r.nestedVerb = $wait.verb,
      r.nestedProperties = $wait.properties, r.nestedRefs = $wait.refs)
WITH r
OPTIONAL MATCH (:Stack {id: r.stackId})-[:CURRENT_VERSION]->(v)
RETURN r.id AS id, v.id AS parentVersionId
