// Work items held by workers right now (across all stacks): who holds them and until when.
MATCH (r:Resource)
WHERE r.leaseToken IS NOT NULL
MATCH (s:Stack {id: r.stackId})
RETURN s.name AS stack, r.name AS resource, r.action AS action, r.leaseOwner AS worker,
  datetime({epochMillis: r.leaseExpires}) AS leaseExpires
ORDER BY leaseExpires
