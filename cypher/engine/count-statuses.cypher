// Keeps the number of live stacks per tenant and status (read by /metrics without scanning
// stacks). Runs last in its transaction with the deltas sorted by (tenant, status), so
// transactions lock the counters in one order and never deadlock on them. Each counter is split
// into shards (migration 012) and a transaction adjusts the one $shard it picked, so stacks
// changing status at once (a group's nested stacks) rarely wait for each other; readers sum them.
CYPHER replan=skip
UNWIND $deltas AS d
MERGE (k:StackStatusCount {tenant: d.tenant, status: d.status, shard: $shard})
ON CREATE SET k.count = 0
SET k.count = k.count + d.delta
RETURN count(k) AS updated
