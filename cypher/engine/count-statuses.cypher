// Keeps the number of live stacks per tenant and status (read by /metrics without scanning
// stacks). Runs last in its transaction with the deltas sorted by (tenant, status), so
// transactions lock the counters in one order and never deadlock on them; only status changes
// reach here, so a counter is rarely hot.
UNWIND $deltas AS d
MERGE (k:StackStatusCount {tenant: d.tenant, status: d.status})
ON CREATE SET k.count = 0
SET k.count = k.count + d.delta
RETURN count(k) AS updated
