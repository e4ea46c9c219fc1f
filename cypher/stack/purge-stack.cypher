// Purging a deleted stack's history, part 3: its versions and the stack node itself.
MATCH (s:Stack {id: $id})
WHERE s.liveName IS NULL
OPTIONAL MATCH (s)-[:HAS_VERSION]->(v:StackVersion)
DETACH DELETE v, s
RETURN count(DISTINCT s) AS deleted
