// Writes stack fields computed under the stack lock, and the current version's status when it changes.
// Returns the live status before and after (null when the stack is deleted) of every stack whose
// status or liveness changed, so the caller can keep the per-status counts (count-statuses).
CYPHER replan=skip
UNWIND $stacks AS x
MATCH (s:Stack {id: x.id})
WITH s, x, CASE WHEN s.liveName IS NULL THEN null ELSE s.status END AS before
SET s += x.set, s.updatedAt = timestamp()
WITH s, x, before, CASE WHEN s.liveName IS NULL THEN null ELSE s.status END AS after
CALL (s, x) {
  WITH s, x WHERE x.versionStatus IS NOT NULL
  MATCH (s)-[:CURRENT_VERSION]->(v)
  SET v.status = x.versionStatus
}
WITH s, before, after
WHERE coalesce(before, '') <> coalesce(after, '')
RETURN s.tenant AS tenant, before, after
