// Failed stacks whose automatic rollback has not started yet (e.g. the process died in between).
MATCH (s:Stack)
WHERE s.rollbackPending = true AND ($tenants IS NULL OR s.tenant IN $tenants)
RETURN s.id AS id
LIMIT 100
