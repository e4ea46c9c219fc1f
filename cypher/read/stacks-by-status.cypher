// Live (not deleted) stacks per status, for /metrics: the counters the engine keeps, not a scan.
MATCH (k:StackStatusCount)
WITH k.status AS status, sum(k.count) AS count
WHERE count > 0
RETURN status, count
ORDER BY status
