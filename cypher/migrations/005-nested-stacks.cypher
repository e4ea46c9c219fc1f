// Nested stacks: a child stack is found by its parent resource's idempotency key.
CREATE INDEX stack_owner_key IF NOT EXISTS FOR (s:Stack) ON (s.ownerKey);
