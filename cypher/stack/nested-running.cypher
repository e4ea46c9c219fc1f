// Child stacks still converging for parent resources of this stack (their parents are parked).
MATCH (r:Resource {stackId: $stackId})-[:OWNS_STACK]->(c:Stack)
WHERE r.nestedWait = true AND c.status ENDS WITH '_IN_PROGRESS' AND c.action IN ['CREATE', 'UPDATE']
RETURN DISTINCT c.id AS id
