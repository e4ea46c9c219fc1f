// The latest events of a stack, newest first. Events are stored in batches (:EventBatch) with
// parallel lists; this unrolls them.
MATCH (s:Stack {name: $name})
MATCH (b:EventBatch {stackId: s.id})
WITH b ORDER BY b.first DESC LIMIT 50
UNWIND range(0, size(b.status) - 1) AS i
RETURN b.first + i AS seq, datetime({epochMillis: b.at[i]}) AS at, b.resourceName[i] AS resource,
  b.status[i] AS status, b.reason[i] AS reason
ORDER BY seq DESC
LIMIT 100
