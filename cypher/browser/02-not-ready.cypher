// Resources of the current version not yet observed ready, and which dependencies block them.
// `waitingOn` is the engine's count of unfinished dependencies (0 means on the frontier).
MATCH (s:Stack)-[:CURRENT_VERSION]->(v:StackVersion)-[:HAS_RESOURCE]->(r:Resource)
WHERE (s.id = $stack OR s.liveName = $stack) AND NOT r.observedReady
OPTIONAL MATCH (d:Resource)-[:NEEDED_BY]->(r)
WHERE NOT d.observedReady AND (v)-[:HAS_RESOURCE]->(d)
RETURN r.name AS resource, r.status AS status, r.workState AS work, r.pending AS waitingOn,
  r.retryCount AS retries, r.statusReason AS reason, collect(d.name) AS blockedBy
ORDER BY waitingOn, resource
