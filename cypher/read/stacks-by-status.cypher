// Live (not deleted) stacks per status, for /metrics.
MATCH (s:Stack)
WHERE s.liveName IS NOT NULL
RETURN s.status AS status, count(*) AS count
