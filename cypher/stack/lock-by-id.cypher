CYPHER replan=skip
MATCH (s:Stack {id: $id})
SET s.lockedAt = timestamp()
WITH s
OPTIONAL MATCH (s)-[:CURRENT_VERSION]->(v)
RETURN s {.*} AS stack, v {.*} AS version
