// Extends the leases this worker holds, by id: one statement per renewal period, however many it holds.
UNWIND $items AS it
MATCH (r:Resource {id: it.id})
WHERE r.leaseToken = it.token
SET r.leaseExpires = timestamp() + toInteger($leaseMs)
RETURN count(r) AS renewed
