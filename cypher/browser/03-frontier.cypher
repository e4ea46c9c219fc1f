// The ready frontier: not-ready resources whose dependencies are all observed ready.
MATCH (s:Stack)-[:CURRENT_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(r:Resource)
WHERE (s.id = $stack OR s.liveName = $stack) AND NOT r.observedReady AND r.workState IN ['READY', 'RUNNING']
RETURN r.name AS resource, r.workState AS work, r.status AS status, r.leaseOwner AS worker
ORDER BY resource
