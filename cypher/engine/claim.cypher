// Claims up to $limit ready work items of one stack for worker $owner under lease token $token.
// The stack with work that was claimed from least recently is chosen, so stacks take turns.
// Every engine write locks the stack node first (SET s.claimedAt); the item checks that follow read
// state that only holders of that lock change, so two claimers can never both win an item.
// readyCount is only read through the index before the lock, so it is a hint: it is recomputed
// here (after the lock) instead of decremented, which would risk a lost update.
MATCH (s:Stack)
WHERE s.readyCount > 0 AND ($tenants IS NULL OR s.tenant IN $tenants)
WITH s ORDER BY s.claimedAt ASC LIMIT 1
SET s.claimedAt = timestamp()
WITH s
WHERE s.status ENDS WITH '_IN_PROGRESS' AND s.failure IS NULL
CALL (s) {
  MATCH (r:Resource {stackId: s.id, workState: 'READY'})
  WHERE r.notBefore <= timestamp() AND r.traversal = s.traversal
  WITH r ORDER BY r.notBefore LIMIT toInteger($limit)
  RETURN collect(r) AS ready
}
WITH s, ready, COUNT { MATCH (x:Resource {stackId: s.id, workState: 'READY'}) } AS readyTotal
WITH s, readyTotal, CASE
    WHEN coalesce(s.concurrency, 0) > 0
      THEN ready[0..toInteger(CASE WHEN s.concurrency > s.running THEN s.concurrency - s.running ELSE 0 END)]
    ELSE ready
  END AS claimed
WHERE size(claimed) > 0 OR readyTotal = 0
SET s.readyCount = readyTotal - size(claimed)
WITH s, claimed WHERE size(claimed) > 0
// Plain creates (no live copy of the name) start right here: the copy is live from now on, so a
// crash after the action began is recovered by observing it, never by creating blindly again.
WITH s, claimed,
  [r IN claimed WHERE r.plannedAction = 'CREATE' AND NOT coalesce(r.recover, false)] AS starts,
  s.eventSeq AS seq
SET s.eventSeq = seq + size(starts),
    s.running = s.running + size(claimed)
FOREACH (r IN claimed |
  SET r.workState = 'RUNNING', r.leaseOwner = $owner, r.leaseToken = $token,
      r.leaseExpires = timestamp() + toInteger($leaseMs), r.actionTraversal = s.traversal)
FOREACH (r IN starts |
  SET r.action = 'CREATE', r.actionStartedAt = $now, r.live = true, r.copyId = coalesce(r.copyId, r.id),
      r.status = 'CREATE_IN_PROGRESS', r.statusReason = CASE WHEN r.retryCount > 0 THEN 'Retry ' + toString(r.retryCount) ELSE 'State changed' END,
      r.updatedAt = timestamp())
FOREACH (_ IN CASE WHEN size(starts) > 0 THEN [1] ELSE [] END |
  CREATE (:EventBatch {stackId: s.id, first: seq + 1, last: seq + size(starts), traversal: s.traversal,
    at: [x IN starts | $now], type: [x IN starts | 'RESOURCE'], status: [x IN starts | 'CREATE_IN_PROGRESS'],
    reason: [x IN starts | x.statusReason], resourceId: [x IN starts | x.id], resourceName: [x IN starts | x.name],
    observedReady: [x IN starts | false], physicalResourceId: [x IN starts | ''],
    version: [x IN starts | x.version]}))
WITH s, claimed
MATCH (s)-[:CURRENT_VERSION]->(v:StackVersion)
RETURN s {.id, .name, .tenant, .traversal, .deadline, .eventSeq, .action} AS stack,
  v.parameterValues AS parameterValues,
  v.number AS versionNumber,
  // A first plain create needs little; everything else (retries, recovery, updates, deletes) gets
  // the resource's whole state. Returning less is most of what makes a claim of many items cheap.
  [r IN claimed | CASE WHEN r.plannedAction = 'CREATE' AND NOT coalesce(r.recover, false) AND r.retryCount = 0 THEN r {
    .id, .name, .type, .version, .plannedAction, .properties,
    dependencies: [(d:Resource)-[:NEEDED_BY]->(r) | d {.id, .name, .physicalResourceId, .attributes, .copyId}]
  } ELSE r {
    .id, .name, .type, .version, .work, .plannedAction, .recover, .action, .actionStartedAt, .status,
    .physicalResourceId, .attributes, .properties, .appliedProperties, .retryCount, .live, .copyId,
    .refs, .deletionPolicy, .statusReason,
    dependencies: CASE WHEN r.work = 'CONVERGE' THEN
      [(d:Resource)-[:NEEDED_BY]->(r) | d {.id, .name, .physicalResourceId, .attributes, .copyId}]
      ELSE [] END,
    candidates: CASE WHEN r.work = 'CONVERGE' AND r.plannedAction = 'DECIDE' THEN
      COLLECT {
        MATCH (c:Resource {stackId: s.id, name: r.name})
        WHERE c.live AND c.id <> r.id
        RETURN c {.id, .type, .status, .appliedProperties, .physicalResourceId, .attributes, .copyId, .refs, .version}
      } ELSE [] END
  } END] AS items
