// Constraints and indexes the engine relies on. Every statement is idempotent.

CREATE CONSTRAINT stack_id IF NOT EXISTS FOR (s:Stack) REQUIRE s.id IS UNIQUE;
// A stack's name is unique per tenant while the stack exists; `liveName` is removed on DELETE_COMPLETE
// so the name can be reused while the deleted stack's history stays queryable.
CREATE CONSTRAINT stack_live_name IF NOT EXISTS FOR (s:Stack) REQUIRE (s.tenant, s.liveName) IS UNIQUE;
CREATE CONSTRAINT version_id IF NOT EXISTS FOR (v:StackVersion) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT resource_id IF NOT EXISTS FOR (r:Resource) REQUIRE r.id IS UNIQUE;

CREATE INDEX stack_tenant_name IF NOT EXISTS FOR (s:Stack) ON (s.tenant, s.name);
// Stacks with claimable work: claims look here first, so their cost follows the stacks that have work.
CREATE INDEX stack_ready IF NOT EXISTS FOR (s:Stack) ON (s.readyCount);
// Stack timeouts fire from a sweeper scanning this index.
CREATE INDEX stack_deadline IF NOT EXISTS FOR (s:Stack) ON (s.deadline);
CREATE INDEX stack_rollback_pending IF NOT EXISTS FOR (s:Stack) ON (s.rollbackPending);
CREATE INDEX version_stack IF NOT EXISTS FOR (v:StackVersion) ON (v.stackId, v.number);

// The ready frontier of a stack: work items whose unfinished-predecessor count reached zero.
CREATE INDEX resource_work IF NOT EXISTS FOR (r:Resource) ON (r.stackId, r.workState);
// `live` is true or absent (never false), so only copies owning a physical resource are indexed.
CREATE INDEX resource_live IF NOT EXISTS FOR (r:Resource) ON (r.stackId, r.live);
CREATE INDEX resource_name IF NOT EXISTS FOR (r:Resource) ON (r.stackId, r.name);
// Expired claims are found by their lease deadline.
CREATE INDEX resource_lease IF NOT EXISTS FOR (r:Resource) ON (r.leaseExpires);
