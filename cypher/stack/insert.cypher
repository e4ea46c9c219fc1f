// A new stack, before its first traversal. The (tenant, liveName) constraint refuses a duplicate name.
CYPHER replan=skip
CREATE (s:Stack {
  id: $id, tenant: $tenant, name: $name, liveName: $name,
  status: 'INIT_COMPLETE', statusReason: null, action: 'CREATE', version: 0, lastGoodVersion: null,
  traversal: null, pending: 0, running: 0, readyCount: 0, observedCount: 0, failure: null, eventSeq: 0,
  disableRollback: $disableRollback, timeoutSeconds: $timeoutSeconds, concurrency: $concurrency,
  claimedAt: 0, createdAt: timestamp(), updatedAt: timestamp()
})
RETURN s {.*} AS stack
