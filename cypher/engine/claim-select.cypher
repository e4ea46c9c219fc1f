// Step 1 of a claim: picks, fairly, the stacks to claim from, takes their locks (SET s.claimedAt:
// every engine write locks the stack node first, so two claimers never both win an item), and
// returns, one row per stack, its state with up to $limit ready items in claim order. What to
// claim is decided by the convergence core (claimFromStacks); claim-apply.cypher writes it in the
// same transaction.
// Fairness: tenants take turns (the tenant whose stacks were claimed from least recently goes first,
// so a tenant with many stacks gets no more turns than one with a single stack), then the tenant's
// stacks take turns (least recently claimed first). Tenants this worker already gives their whole
// share ($saturated) are left to other workers. Only stacks with ready work are looked at (through
// the readyCount index), never their items.
// Several stacks per claim: the tenant's least recently claimed stack, and after it (up to
// $maxStacks) the next ones while their readyCount hints add up to less than $limit, so a tenant
// with many small stacks (a ResourceGroup's 1,000 nested stacks) is served many stacks per round
// trip while a big stack still gets a claim of its own. The stacks are locked in id order, the
// order every engine transaction locks stacks in, so claims and commits never deadlock.
// The items are read from each stack's ready queue (index resource_ready_queue, forced by the hint
// so the plan is stable by construction): a seek on (stackId, 'READY') in notBefore order that
// stops after $limit current items, so a claim reads about $limit entries per stack it takes.
// readyCount is only read through the index before the lock, so it is a hint: after the lock the
// claim returns the stack's counter and, when the queue ran out before $limit (only then is the
// remainder small), the exact count of READY items; the core (readyAfterSelect) settles it.
// Its plan is kept (replan=skip): every lookup is a hinted index SEEK (the stacks with ready work
// by readyCount, a tenant's running stacks, a stack's ready items); replanning it as a new graph
// grew cost 0.4-0.9 s a time.
// With $tenantCap (MAX_RUNNING_ACTIONS_PER_TENANT, across processes), tenants whose stacks already
// run that many items are left out, counted from the stacks with running items only (index
// stack_tenant_running); after the stacks' locks, the claim takes the tenant's (:TenantClaims) lock
// and counts again, so two processes never both fill the same room.
CYPHER replan=skip
MATCH (s:Stack)
USING INDEX SEEK s:Stack(readyCount)
WHERE s.readyCount > 0 AND ($tenants IS NULL OR s.tenant IN $tenants) AND NOT s.tenant IN $saturated
WITH s.tenant AS tenant, max(coalesce(s.claimedAt, 0)) AS lastClaimed, collect(s) AS stacks
CALL (tenant) {
  OPTIONAL MATCH (x:Stack)
  USING INDEX SEEK x:Stack(tenant, running)
  WHERE x.tenant = tenant AND $tenantCap IS NOT NULL AND x.running > 0
  RETURN coalesce(sum(x.running), 0) AS busy
}
WITH tenant, lastClaimed, stacks WHERE $tenantCap IS NULL OR busy < $tenantCap
ORDER BY lastClaimed ASC LIMIT 1
UNWIND stacks AS s
WITH s ORDER BY coalesce(s.claimedAt, 0) ASC LIMIT toInteger($maxStacks)
WITH collect(s) AS turn
WITH [i IN range(0, size(turn) - 1)
  WHERE i = 0 OR reduce(n = 0, x IN turn[0..i] | n + coalesce(x.readyCount, 0)) < toInteger($limit)
  | turn[i]] AS picked
UNWIND picked AS s
WITH s, coalesce(s.claimedAt, 0) AS lastTurn ORDER BY s.id
SET s.claimedAt = timestamp()
WITH collect({stack: s, lastTurn: lastTurn}) AS locked
FOREACH (_ IN CASE WHEN $tenantCap IS NULL OR size(locked) = 0 THEN [] ELSE [1] END |
  MERGE (t:TenantClaims {tenant: locked[0].stack.tenant}) SET t.claimedAt = timestamp())
WITH locked
CALL (locked) {
  UNWIND locked[0..1] AS first
  WITH first.stack.tenant AS tenant
  OPTIONAL MATCH (x:Stack)
  USING INDEX SEEK x:Stack(tenant, running)
  WHERE x.tenant = tenant AND $tenantCap IS NOT NULL AND x.running > 0
  RETURN coalesce(sum(x.running), 0) AS tenantRunning
}
UNWIND locked AS l
WITH l.stack AS s, l.lastTurn AS lastTurn, tenantRunning
CALL (s) {
  MATCH (r:Resource)
  USING INDEX SEEK r:Resource(stackId, workState, notBefore)
  WHERE r.stackId = s.id AND r.workState = 'READY' AND r.notBefore <= timestamp()
    AND r.traversal = s.traversal
  WITH r ORDER BY r.stackId, r.workState, r.notBefore LIMIT toInteger($limit)
  RETURN collect(r {.id, .name, .version, .plannedAction, recover: coalesce(r.recover, false),
    retryCount: coalesce(r.retryCount, 0)}) AS ready
}
CALL (s, ready) {
  UNWIND CASE WHEN size(ready) < toInteger($limit) THEN [true] ELSE [] END AS drained
  WITH s.id AS stackId
  MATCH (x:Resource)
  USING INDEX SEEK x:Resource(stackId, workState)
  WHERE x.stackId = stackId AND x.workState = 'READY'
  RETURN count(x) AS readyLeft
}
// In turn order (least recently claimed first): the core serves them in that order, and a stack
// that got nothing for want of room keeps its turn (claim-apply puts lastTurn back).
RETURN s {.*} AS stack, ready, size(ready) < toInteger($limit) AS drained, readyLeft, tenantRunning, lastTurn
ORDER BY lastTurn, s.id
