// Event batches of a stack holding events after a sequence number, in order (served by the
// (stackId, last) index). The caller unpacks them and stops at the number of events it wants.
MATCH (b:EventBatch)
WHERE b.stackId = $stackId AND b.last > $after
RETURN b {.*} AS batch
ORDER BY b.first
LIMIT toInteger($batches)
