// Step 1 of a claim: picks, fairly, the stack to claim from, takes its lock (SET s.claimedAt: every
// engine write locks the stack node first, so two claimers never both win an item), and returns its
// state with up to $limit ready items in claim order. What to claim is decided by the convergence
// core (claimFromStack); claim-apply.cypher writes it in the same transaction.
// Fairness: tenants take turns (the tenant whose stacks were claimed from least recently goes first,
// so a tenant with many stacks gets no more turns than one with a single stack), then the tenant's
// stacks take turns (least recently claimed first). Tenants this worker already gives their whole
// share ($saturated) are left to other workers. Only stacks with ready work are looked at (through
// the readyCount index), never their items: the item scan below is of one stack, at most $limit.
// The items are read from the stack's ready queue (index resource_ready_queue, forced by the hint
// so the plan is stable by construction): a seek on (stackId, 'READY') in notBefore order that
// stops after $limit current items, so a claim reads about $limit entries however many are ready.
// readyCount is only read through the index before the lock, so it is a hint: after the lock the
// claim returns the stack's counter and, when the queue ran out before $limit (only then is the
// remainder small), the exact count of READY items; the core (readyAfterSelect) settles it.
// With $tenantCap (MAX_RUNNING_ACTIONS_PER_TENANT, across processes), tenants whose stacks already
// run that many items are left out, counted from the stacks with running items only (index
// stack_tenant_running); after the stack's lock, the claim takes the tenant's (:TenantClaims) lock
// and counts again, so two processes never both fill the same room.
MATCH (s:Stack)
WHERE s.readyCount > 0 AND ($tenants IS NULL OR s.tenant IN $tenants) AND NOT s.tenant IN $saturated
WITH s.tenant AS tenant, max(coalesce(s.claimedAt, 0)) AS lastClaimed, collect(s) AS stacks
CALL (tenant) {
  OPTIONAL MATCH (x:Stack {tenant: tenant})
  WHERE $tenantCap IS NOT NULL AND x.running > 0
  RETURN coalesce(sum(x.running), 0) AS busy
}
WITH tenant, lastClaimed, stacks WHERE $tenantCap IS NULL OR busy < $tenantCap
ORDER BY lastClaimed ASC LIMIT 1
UNWIND stacks AS s
WITH s ORDER BY coalesce(s.claimedAt, 0) ASC LIMIT 1
SET s.claimedAt = timestamp()
WITH s
FOREACH (_ IN CASE WHEN $tenantCap IS NULL THEN [] ELSE [1] END |
  MERGE (t:TenantClaims {tenant: s.tenant}) SET t.claimedAt = timestamp())
WITH s
CALL (s) {
  OPTIONAL MATCH (x:Stack {tenant: s.tenant})
  WHERE $tenantCap IS NOT NULL AND x.running > 0
  RETURN coalesce(sum(x.running), 0) AS tenantRunning
}
CALL (s) {
  MATCH (r:Resource)
  USING INDEX r:Resource(stackId, workState, notBefore)
  WHERE r.stackId = s.id AND r.workState = 'READY' AND r.notBefore <= timestamp()
    AND r.traversal = s.traversal
  WITH r ORDER BY r.stackId, r.workState, r.notBefore LIMIT toInteger($limit)
  RETURN collect(r {.id, .name, .version, .plannedAction, recover: coalesce(r.recover, false),
    retryCount: coalesce(r.retryCount, 0)}) AS ready
}
CALL (s, ready) {
  UNWIND CASE WHEN size(ready) < toInteger($limit) THEN [true] ELSE [] END AS drained
  MATCH (x:Resource {stackId: s.id, workState: 'READY'})
  RETURN count(x) AS readyLeft
}
RETURN s {.*} AS stack, ready, size(ready) < toInteger($limit) AS drained, readyLeft, tenantRunning
