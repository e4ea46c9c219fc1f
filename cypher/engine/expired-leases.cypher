// Claims whose owner stopped renewing them (the process died or lost Neo4j for too long).
MATCH (r:Resource)
WHERE r.leaseExpires < timestamp() AND r.leaseToken IS NOT NULL
MATCH (s:Stack {id: r.stackId})
WHERE $tenants IS NULL OR s.tenant IN $tenants
RETURN r.id AS id, r.stackId AS stackId, r.leaseToken AS token, r.actionTraversal AS actionTraversal,
  r.action AS action
LIMIT toInteger($limit)
