// The per-status stack counters (004) split into shards: every transaction that changes a stack's
// status adjusts one counter per status, and with a single counter per (tenant, status) the
// creation of a ResourceGroup's 1,000 nested stacks took turns on it (issue 12: most of a
// 100-member create was spent waiting for that lock). Each transaction now picks one of 16
// shards at random; readers sum the shards.
DROP CONSTRAINT stack_status_count IF EXISTS;

CREATE CONSTRAINT stack_status_count_shard IF NOT EXISTS
FOR (k:StackStatusCount) REQUIRE (k.tenant, k.status, k.shard) IS UNIQUE;

MATCH (k:StackStatusCount) WHERE k.shard IS NULL
SET k.shard = 0;
