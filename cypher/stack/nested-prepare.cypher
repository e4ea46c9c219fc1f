// What a nested-stack action reads before its transaction, without taking any lock, so that the
// child's template is compiled while nothing is held: the parent stack and its current version (the
// files and environment the child's template comes from), whether the parent item still holds
// lease $token, and the child it already owns (by its idempotency key, or by the child id it
// recorded; as nested-owner.cypher finds it). The transaction checks that none of it changed.
CYPHER replan=skip
MATCH (p:Stack {id: $stackId})
OPTIONAL MATCH (p)-[:CURRENT_VERSION]->(v)
OPTIONAL MATCH (r:Resource {id: $resourceId})
WHERE r.leaseToken = $token
OPTIONAL MATCH (byKey:Stack {ownerKey: $ownerKey})
USING INDEX SEEK byKey:Stack(ownerKey)
WHERE byKey.liveName IS NOT NULL
OPTIONAL MATCH (byId:Stack {id: $childId})
WHERE byId.liveName IS NOT NULL
WITH p, v, r, coalesce(byKey, byId) AS c
// Of the version only what the child needs: a group's version holds a template naming every
// member, and each of its 1,000 members reads this.
RETURN p {.*} AS stack, v {.id, .files, .environment} AS version, r IS NOT NULL AS leased,
  c {.id, .name, .action, .status} AS child
