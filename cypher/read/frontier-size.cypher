// Work items ready to be claimed across all stacks (from each stack's counter), for /metrics.
MATCH (s:Stack)
WHERE s.readyCount > 0
RETURN sum(s.readyCount) AS ready
