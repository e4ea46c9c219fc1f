// Live stacks per tenant and status, kept by the engine (engine/count-statuses) instead of counted
// at every /metrics scrape. The counts are initialised once from the stacks as they are; after that
// every transaction that changes a stack's status adjusts them in the same transaction.
// (Migrations run at every start: the counters are sharded since 012, so the constraint made here
// is the sharded one; the first one, on (tenant, status), is dropped by 012 where it exists.)
CREATE CONSTRAINT stack_status_count_shard IF NOT EXISTS
FOR (k:StackStatusCount) REQUIRE (k.tenant, k.status, k.shard) IS UNIQUE;

OPTIONAL MATCH (existing:Migration {id: '004-stack-status-counts.cypher'})
WITH existing WHERE existing IS NULL
MATCH (s:Stack) WHERE s.liveName IS NOT NULL
WITH s.tenant AS tenant, s.status AS status, count(*) AS live
MERGE (k:StackStatusCount {tenant: tenant, status: status, shard: 0})
SET k.count = live;
