// Events of several stacks after the same sequence number, at most $first per stack, in order.
UNWIND $stackIds AS stackId
CALL (stackId) {
  MATCH (e:Event)
  WHERE e.stackId = stackId AND e.seq > $after
  RETURN e
  ORDER BY e.seq
  LIMIT toInteger($first)
}
RETURN stackId, collect(e {.*}) AS events
