// Work items held by workers right now (across all stacks): who holds them and until when. A
// nested-stack resource parked while its child stack converges holds its lease without an expiry
// (`waitingOnChild`): its child's own items are the ones to look at.
MATCH (r:Resource)
WHERE r.leaseToken IS NOT NULL
MATCH (s:Stack {id: r.stackId})
RETURN s.name AS stack, r.name AS resource, r.action AS action, r.leaseOwner AS worker,
  CASE WHEN r.leaseExpires IS NULL THEN null ELSE datetime({epochMillis: r.leaseExpires}) END AS leaseExpires,
  coalesce(r.nestedWait, false) AS waitingOnChild
ORDER BY leaseExpires
