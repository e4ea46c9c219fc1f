// A stack's events after a sequence number, in order (served by the (stackId, seq) constraint index).
MATCH (e:Event)
WHERE e.stackId = $stackId AND e.seq > $after
RETURN e {.*} AS event
ORDER BY e.seq
LIMIT toInteger($first)
