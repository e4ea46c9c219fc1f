// MAX_RUNNING_ACTIONS_PER_TENANT across worker processes: a claim counts the tenant's running items
// from the stacks that have any (s.running, through this index, never the tenant's other stacks),
// and serialises with the tenant's other claims on its (:TenantClaims) node.
CREATE INDEX stack_tenant_running IF NOT EXISTS FOR (s:Stack) ON (s.tenant, s.running);
CREATE CONSTRAINT tenant_claims IF NOT EXISTS FOR (t:TenantClaims) REQUIRE t.tenant IS UNIQUE;
