// Event batches of several stacks after the same sequence number, in order, per stack.
UNWIND $stackIds AS stackId
CALL (stackId) {
  MATCH (b:EventBatch)
  WHERE b.stackId = stackId AND b.last > $after
  RETURN b
  ORDER BY b.first
  LIMIT toInteger($batches)
}
RETURN stackId, collect(b {.*}) AS batches
