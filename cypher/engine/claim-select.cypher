// Step 1 of a claim: picks the stack with claimable work that was claimed from least recently (so
// stacks take turns), takes its lock (SET s.claimedAt: every engine write locks the stack node
// first, so two claimers never both win an item), and returns its state with up to $limit ready
// items in claim order. What to claim is decided by the convergence core (claimFromStack);
// claim-apply.cypher writes it in the same transaction.
// readyCount is only read through the index before the lock, so it is a hint: the claim
// recomputes it from readyTotal after the lock instead of decrementing it (no lost update).
MATCH (s:Stack)
WHERE s.readyCount > 0 AND ($tenants IS NULL OR s.tenant IN $tenants)
WITH s ORDER BY s.claimedAt ASC LIMIT 1
SET s.claimedAt = timestamp()
WITH s
CALL (s) {
  MATCH (r:Resource {stackId: s.id, workState: 'READY'})
  WHERE r.notBefore <= timestamp() AND r.traversal = s.traversal
  WITH r ORDER BY r.notBefore LIMIT toInteger($limit)
  RETURN collect(r {.id, .name, .version, .plannedAction, recover: coalesce(r.recover, false),
    retryCount: coalesce(r.retryCount, 0)}) AS ready
}
RETURN s {.*} AS stack, ready,
  COUNT { MATCH (x:Resource {stackId: s.id, workState: 'READY'}) } AS readyTotal
