// The latest events of a stack, newest first. Events are stored in batches (:EventBatch) with
// parallel lists; this unrolls them.
MATCH (s:Stack)
WHERE s.id = $stack OR s.liveName = $stack
MATCH (b:EventBatch {stackId: s.id})
WITH b ORDER BY b.first DESC LIMIT 50
UNWIND range(0, size(b.status) - 1) AS i
RETURN b.first + i AS seq, datetime({epochMillis: b.at[i]}) AS at,
  CASE b.resourceName[i] WHEN '' THEN null ELSE b.resourceName[i] END AS resource,
  b.status[i] AS status, CASE b.reason[i] WHEN '' THEN null ELSE b.reason[i] END AS reason
ORDER BY seq DESC
LIMIT 100
