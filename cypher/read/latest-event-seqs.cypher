// The newest committed event sequence number of each stack (the counter is allocated under the
// stack lock in the same transaction that writes the events, so it never runs ahead of them).
CYPHER replan=skip
UNWIND $stackIds AS id
MATCH (s:Stack {id: id})
RETURN s.id AS stackId, coalesce(s.eventSeq, 0) AS seq
