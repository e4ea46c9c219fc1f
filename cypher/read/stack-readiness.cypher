CYPHER replan=skip
MATCH (s:Stack {id: $stackId})
OPTIONAL MATCH (s)-[:CURRENT_VERSION]->(v)
RETURN s.observedCount AS ready, coalesce(v.resourceCount, 0) AS total, s.status AS status,
  coalesce(s.eventSeq, 0) AS eventSeq
