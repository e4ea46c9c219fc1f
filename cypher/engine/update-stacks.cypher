// Writes stack fields computed under the stack lock, and the current version's status when it changes.
UNWIND $stacks AS x
MATCH (s:Stack {id: x.id})
SET s += x.set, s.updatedAt = timestamp()
WITH s, x
CALL (s, x) {
  WITH s, x WHERE x.versionStatus IS NOT NULL
  MATCH (s)-[:CURRENT_VERSION]->(v:StackVersion)
  SET v.status = x.versionStatus
}
RETURN count(s) AS updated
