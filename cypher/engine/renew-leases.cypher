// Extends the leases this worker holds, by id: one statement per renewal period, however many it holds.
// Renewals do not take the stack lock, so a finish or an expiry may commit between this statement's
// read and its write: the token is checked again once the node's write lock is held (reads then see
// the latest committed state), so a released lease is never given an expiry back. Nor is a parked
// one: a parent item waiting on its nested stack keeps its token with no expiry (nested-link), and
// an expiry given back would let the sweeper take the waiting parent away and run its action again.
CYPHER replan=skip
UNWIND $items AS it
MATCH (r:Resource {id: it.id})
WHERE r.leaseToken = it.token
SET r.leaseLock = true
REMOVE r.leaseLock
WITH r, it
WHERE r.leaseToken = it.token AND r.leaseExpires IS NOT NULL
SET r.leaseExpires = timestamp() + toInteger($leaseMs)
RETURN count(r) AS renewed
