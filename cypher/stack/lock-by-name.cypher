// Locks a live stack (not deleted) of a tenant by name and returns its state.
CYPHER replan=skip
MATCH (s:Stack {tenant: $tenant, liveName: $name})
SET s.lockedAt = timestamp()
WITH s
OPTIONAL MATCH (s)-[:CURRENT_VERSION]->(v)
RETURN s {.*} AS stack, v {.*} AS version
