// Step 2 of a claim: for each stack of the claim ($stacks, as the convergence core decided),
// leases the items it chose (claimed) to worker $owner under $token, starts the plain creates
// among them (startReasons, by id: the copy is live from now on, so a crash after the action began
// is recovered by observing, never by creating blindly again), writes the stack fields and the
// events the core computed, and returns what the worker needs to act, one row per item. A stack
// that got nothing for want of room gets its turn back (lastTurn: its claimedAt before the claim).
// Its plan is kept (replan=skip): every node it reads is found by a unique property, an edge or a
// hinted index SEEK (stable-plans test). Kept earlier, claims of the items an update decides read
// ~20,000 index entries per item at 10,000 resources (4-6 s per claim): the candidates' hinted
// index was planned as a scan (below); and Neo4j kept one plan per size of $stacks rounded to a
// power of ten, now one whatever the sizes (src/store/cypher.ts, ARGS).
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
MATCH (s)-[:CURRENT_VERSION]->(v)
// Dependencies and candidates are read in subqueries rather than in expressions under CASE: an
// expression's own plan is invisible to EXPLAIN, and one made while the graph was nearly empty
// scanned every resource per item once it was large (seen: 30-60 ms per item at 10,000 resources,
// with replanning off); as subqueries their plans are checked (stable-plans test).
CALL (r) {
  WITH r WHERE r.work = 'CONVERGE'
  MATCH (r)<-[:NEEDED_BY]-(d)
  RETURN collect(d {.id, .name, .type, .physicalResourceId, .attributes, .copyId}) AS dependencies
}
CALL (s, r, slim) {
  // The items that decide only; the seek's values are plain variables and the hint says SEEK:
  // written as properties of s and r (nodes this statement has just SET), Neo4j planned the hinted
  // index as a scan of every entry per item in some plans (PROFILE at 500 resources: 500 items,
  // 250,000 entries read; at 10,000 resources, the 4-6 s claims), and an index scan satisfies a
  // plain USING INDEX hint. USING INDEX SEEK fails to plan instead of scanning.
  WITH s.id AS stackId, r.name AS name, r.id AS itemId
  WHERE NOT slim AND r.work = 'CONVERGE' AND r.plannedAction = 'DECIDE'
  MATCH (c:Resource)
  USING INDEX SEEK c:Resource(stackId, name)
  WHERE c.stackId = stackId AND c.name = name AND c.live AND c.id <> itemId
  RETURN collect(c {.id, .type, .status, .appliedProperties, .physicalResourceId, .attributes, .copyId, .refs,
    .version, .nestedInputs}) AS candidates
}
// A first plain create needs little; everything else (retries, recovery, updates, deletes) gets
// the resource's whole state. Returning less is most of what makes a claim of many items cheap.
RETURN s {.id, .name, .tenant, .traversal, .deadline} AS stack,
  v.parameterValues AS parameterValues,
  CASE WHEN slim THEN r {
    .id, .name, .type, .version, .plannedAction, .properties, .updatePolicy, .adoptId,
    dependencies: dependencies
  } ELSE r {
    .id, .name, .type, .version, .work, .plannedAction, .recover, .action, .actionStartedAt, .status,
    .physicalResourceId, .attributes, .properties, .appliedProperties, .retryCount, .live, .copyId,
    .refs, .deletionPolicy, .updatePolicy, .statusReason, .change, .adoptId, .nestedInputs,
    dependencies: dependencies,
    candidates: candidates
  } END AS item
