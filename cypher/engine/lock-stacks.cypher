// Takes the write lock of each stack in id order (callers pass them sorted: no deadlocks between
// engine transactions) and returns the state the transaction's decisions are based on.
CYPHER replan=skip
UNWIND $stackIds AS stackId
MATCH (s:Stack {id: stackId})
SET s.lockedAt = timestamp()
WITH s
OPTIONAL MATCH (s)-[:CURRENT_VERSION]->(v)
RETURN s {.*} AS stack, v.resourceCount AS resourceCount
