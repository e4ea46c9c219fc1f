// Nested stacks: a child stack is found by its parent resource's idempotency key.
CREATE INDEX stack_owner_key IF NOT EXISTS FOR (s:Stack) ON (s.ownerKey);
// A stack's nested stacks (`Stack.nested`, `resources(nested: true)`).
CREATE INDEX stack_parent IF NOT EXISTS FOR (s:Stack) ON (s.parentStackId);
