// Deletes a staged version that was never attached (its command failed or its process died), one
// chunk of resources per call; the version node goes with the last chunk. Marking it discarded
// first means a late attach-staged finds it and refuses, rather than attaching what is left.
// Does nothing to a version that was attached (stagedAt cleared).
CYPHER replan=skip
MATCH (v:StackVersion {id: $versionId})
USING INDEX SEEK v:StackVersion(id)
WHERE v.stagedAt IS NOT NULL
SET v.discardedAt = coalesce(v.discardedAt, timestamp())
WITH v
CALL (v) {
  MATCH (v)-[:HAS_RESOURCE]->(r)
  WITH r LIMIT toInteger($limit)
  DETACH DELETE r
  RETURN count(*) AS deleted
}
CALL (v, deleted) {
  WITH v WHERE deleted < toInteger($limit)
  DETACH DELETE v
}
RETURN deleted
