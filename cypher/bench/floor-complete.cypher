// Benchmarks only (bench/floor.ts): the second half of the floor. One pass that marks every
// resource written by bench/floor-write complete (the fields a finished create sets) and stores
// their events as event batches, in one transaction.
UNWIND $ids AS id
MATCH (r:Resource {id: id})
SET r.status = 'CREATE_COMPLETE', r.statusReason = 'State changed', r.observedReady = true,
    r.physicalResourceId = id, r.attributes = '{}', r.live = true, r.copyId = id,
    r.workState = 'DONE', r.updatedAt = timestamp()
WITH count(r) AS completed
CALL {
  UNWIND $batches AS b
  CREATE (batch:EventBatch)
  SET batch = b
  RETURN count(batch) AS batches
}
RETURN completed, batches
