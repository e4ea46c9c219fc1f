// Extends every lease this worker holds: one statement per renewal period, however many it holds.
MATCH (r:Resource {leaseOwner: $owner})
SET r.leaseExpires = timestamp() + toInteger($leaseMs)
RETURN count(r) AS renewed
