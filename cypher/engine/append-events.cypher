// Appends events as batches (one per stack per transaction) with sequence numbers allocated
// under the stack lock by the same transaction. Lists cannot hold nulls: '' stands for none.
CYPHER replan=skip
UNWIND $batches AS b
CREATE (batch:EventBatch)
SET batch = b
RETURN count(batch) AS created
