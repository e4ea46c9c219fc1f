// Step 2 of a claim: for each stack of the claim ($stacks, as the convergence core decided),
// leases the items it chose (claimed) to worker $owner under $token, starts the plain creates
// among them (startReasons, by id: the copy is live from now on, so a crash after the action began
// is recovered by observing, never by creating blindly again), writes the stack fields and the
// events the core computed, and returns what the worker needs to act, one row per item. A stack
// that got nothing for want of room gets its turn back (lastTurn: its claimedAt before the claim).
CYPHER replan=skip
UNWIND $stacks AS st
MATCH (s:Stack {id: st.stackId})
SET s += st.set, s.updatedAt = timestamp(),
    s.claimedAt = CASE WHEN st.keepTurn THEN st.lastTurn ELSE s.claimedAt END
FOREACH (b IN st.batches | CREATE (batch:EventBatch) SET batch = b)
WITH s, st
UNWIND st.claimed AS id
MATCH (r:Resource {id: id})
SET r.workState = 'RUNNING', r.leaseOwner = $owner, r.leaseToken = $token,
    r.leaseExpires = timestamp() + toInteger($leaseMs), r.actionTraversal = s.traversal
WITH s, r, st.startReasons[r.id] AS startReason
FOREACH (_ IN CASE WHEN startReason IS NULL THEN [] ELSE [1] END |
  SET r.action = 'CREATE', r.actionStartedAt = $now, r.live = true, r.copyId = coalesce(r.copyId, r.id),
      r.status = 'CREATE_IN_PROGRESS', r.statusReason = startReason, r.updatedAt = timestamp())
WITH s, r, startReason IS NOT NULL AND r.retryCount = 0 AS slim
MATCH (s)-[:CURRENT_VERSION]->(v:StackVersion)
// A first plain create needs little; everything else (retries, recovery, updates, deletes) gets
// the resource's whole state. Returning less is most of what makes a claim of many items cheap.
RETURN s {.id, .name, .tenant, .traversal, .deadline} AS stack,
  v.parameterValues AS parameterValues,
  CASE WHEN slim THEN r {
    .id, .name, .type, .version, .plannedAction, .properties, .updatePolicy, .adoptId,
    dependencies: [(d:Resource)-[:NEEDED_BY]->(r) | d {.id, .name, .type, .physicalResourceId, .attributes, .copyId}]
  } ELSE r {
    .id, .name, .type, .version, .work, .plannedAction, .recover, .action, .actionStartedAt, .status,
    .physicalResourceId, .attributes, .properties, .appliedProperties, .retryCount, .live, .copyId,
    .refs, .deletionPolicy, .updatePolicy, .statusReason, .change, .adoptId, .nestedInputs,
    dependencies: CASE WHEN r.work = 'CONVERGE' THEN
      [(d:Resource)-[:NEEDED_BY]->(r) | d {.id, .name, .type, .physicalResourceId, .attributes, .copyId}]
      ELSE [] END,
    candidates: CASE WHEN r.work = 'CONVERGE' AND r.plannedAction = 'DECIDE' THEN
      COLLECT {
        // The hint keeps the plan made while the graph was nearly empty from scanning every
        // resource once it is large (seen with replanning off: 5 s per claim at 23,000 resources).
        MATCH (c:Resource {stackId: s.id, name: r.name})
        USING INDEX c:Resource(stackId, name)
        WHERE c.live AND c.id <> r.id
        RETURN c {.id, .type, .status, .appliedProperties, .physicalResourceId, .attributes, .copyId, .refs, .version,
          .nestedInputs}
      } ELSE [] END
  } END AS item
