// A stack's ready queue in claim order (issue 15 §2): a claim seeks (stackId, 'READY') and reads
// the entries in notBefore order, stopping at its batch size, so its cost does not grow with the
// number of ready items. engine/claim-select names this index in a hint, so the plan cannot drift
// to a sort of every ready item or a scan of other stacks' entries. Only nodes with all three
// properties are indexed: work items (notBefore is set whenever an item becomes READY).
CREATE INDEX resource_ready_queue IF NOT EXISTS FOR (r:Resource) ON (r.stackId, r.workState, r.notBefore);
