// Staging, step 2 (one transaction per chunk): resources of a staged version, with the stack id of
// a stack that does not exist yet outside the command's transaction (only a stack created by the
// same command is staged), so no claim, read or sweep can come across them before it commits.
CYPHER replan=skip
MATCH (v:StackVersion {id: $versionId})
USING INDEX SEEK v:StackVersion(id)
WHERE v.stagedAt IS NOT NULL AND v.discardedAt IS NULL
WITH v, timestamp() AS now
UNWIND $resources AS fields
CREATE (r:Resource)
SET r = fields, r.stackId = v.stackId, r.versionId = v.id, r.createdAt = now, r.updatedAt = now
CREATE (v)-[:HAS_RESOURCE {order: fields.order}]->(r)
RETURN count(r) AS staged
