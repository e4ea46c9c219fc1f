// Persists a stack version with its whole resource graph in the caller's transaction: the version
// node, one Resource per template resource (with its work item for the new traversal), and a
// NEEDED_BY edge from each resource to every resource that requires it. Edges name their ends by
// position in $resources, so linking costs a list lookup rather than two index seeks per edge.
//
// A row with a `baseId` is an unchanged resource carried over without a work item, in the same
// pass that creates it: it takes over the physical resource of the live copy it keeps (`baseId`)
// as a keep-as-is would, already converged and observed ready, and recorded as kept (`outcome`,
// read by diff); its properties are the copy's applied ones (the row's only when the copy has
// none). The old copy stops being live and any stale work item on it is retired.
CYPHER replan=skip
MATCH (s:Stack {id: $stackId})
OPTIONAL MATCH (s)-[c:CURRENT_VERSION]->(previous:StackVersion)
SET previous.status = CASE WHEN previous.status = 'IN_PROGRESS' THEN 'SUPERSEDED' ELSE previous.status END
DELETE c
WITH DISTINCT s
CREATE (v:StackVersion)
SET v = $version, v.stackId = s.id, v.name = s.name + ' v' + toString($version.number), v.createdAt = timestamp()
CREATE (s)-[:HAS_VERSION]->(v)
CREATE (s)-[:CURRENT_VERSION]->(v)
WITH s, v, timestamp() AS now
CALL (s, v, now) {
  UNWIND $resources AS row
  CREATE (r:Resource)
  SET r = row.fields, r.stackId = s.id, r.versionId = v.id, r.createdAt = now, r.updatedAt = now
  CREATE (v)-[:HAS_RESOURCE]->(r)
  WITH r, row
  CALL (r, row, now) {
    WITH r, row WHERE row.baseId IS NOT NULL
    MATCH (b:Resource {id: row.baseId})
    SET r.live = true, r.copyId = b.copyId, r.physicalResourceId = b.physicalResourceId,
        r.attributes = b.attributes, r.appliedProperties = b.appliedProperties,
        r.properties = coalesce(b.appliedProperties, r.properties), r.refs = b.refs, r.status = b.status,
        r.statusReason = 'Unchanged: kept as is', r.observedReady = true, r.outcome = 'UNCHANGED'
    SET b.live = null, b.updatedAt = now,
        b.workState = CASE WHEN b.workState IN ['WAITING', 'READY'] THEN 'SUPERSEDED' ELSE b.workState END
    CREATE (r)-[:SUCCEEDS]->(b)
  }
  RETURN collect(r) AS nodes
}
CALL (nodes) {
  UNWIND $edges AS edge
  WITH nodes[edge[0]] AS a, nodes[edge[1]] AS b
  CREATE (a)-[:NEEDED_BY]->(b)
}
RETURN v.id AS id
