// The live stack of a tenant with this name and its current version, read without locking (previews).
CYPHER replan=skip
MATCH (s:Stack {tenant: $tenant, liveName: $name})
OPTIONAL MATCH (s)-[:CURRENT_VERSION]->(v)
RETURN s {.*} AS stack, v {.*} AS version
