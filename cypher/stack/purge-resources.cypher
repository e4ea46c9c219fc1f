// Purging a deleted stack's history, part 1: its resources of every version, a batch at a time.
MATCH (:Stack {id: $id})-[:HAS_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(r:Resource)
WITH DISTINCT r LIMIT 5000
DETACH DELETE r
RETURN count(*) AS deleted
