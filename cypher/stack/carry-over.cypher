// Carries unchanged resources over to the new version without a work item, in one statement: each
// new resource ($links[].id, inserted by insert-version) takes over the physical resource of the
// live copy it keeps ($links[].baseId) as a keep-as-is would, already converged and observed
// ready, and recorded as kept (`outcome`, read by diff). The old copy stops being live and any
// stale work item on it is retired.
UNWIND $links AS link
MATCH (r:Resource {id: link.id})
MATCH (b:Resource {id: link.baseId})
SET r.live = true, r.copyId = b.copyId, r.physicalResourceId = b.physicalResourceId,
    r.attributes = b.attributes, r.appliedProperties = b.appliedProperties,
    r.properties = coalesce(b.appliedProperties, r.properties), r.refs = b.refs, r.status = b.status,
    r.statusReason = 'Unchanged: kept as is', r.observedReady = true, r.outcome = 'UNCHANGED'
SET b.live = null, b.updatedAt = timestamp(),
    b.workState = CASE WHEN b.workState IN ['WAITING', 'READY'] THEN 'SUPERSEDED' ELSE b.workState END
CREATE (r)-[:SUCCEEDS]->(b)
RETURN count(r) AS carried
