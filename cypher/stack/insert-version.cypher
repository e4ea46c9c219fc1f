// Persists a stack version with its whole resource graph in the caller's transaction: the version
// node, one Resource per new or changed template resource (with its work item for the new
// traversal), and a NEEDED_BY edge from each resource to every resource that requires it. Edges
// name their ends by position in $resources, so linking costs a list lookup rather than two index
// seeks per edge. HAS_RESOURCE carries the resource's position in this version's template (`order`).
//
// A row with a `baseId` is an unchanged resource carried over without a work item: versions share
// its node (the live copy, already converged and observed ready), so an update writes what changes
// plus one HAS_RESOURCE edge per unchanged resource, not a copy of the stack. The node keeps the
// version that last changed it (`versionId`, `version`, `outcome`); reads of a later version show
// it as unchanged there (`asViewedIn` in src/store/reads.ts). A stale work item on it is retired. An edge
// between two carried resources ([a, b, 1]) is sent only when the live copies read before did not
// show it (`versionEdges` in src/convergence/plan.ts), and merged: it is missing when they never
// were in one version together (a traversal cancelled before reaching one of them) or when only a
// depends_on was added.
CYPHER replan=skip
MATCH (s:Stack {id: $stackId})
OPTIONAL MATCH (s)-[c:CURRENT_VERSION]->(previous)
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
  CALL (s, v, now, row) {
    WITH row WHERE row.baseId IS NULL
    CREATE (r:Resource)
    SET r = row.fields, r.stackId = s.id, r.versionId = v.id, r.createdAt = now, r.updatedAt = now
    RETURN r
  UNION
    WITH row WHERE row.baseId IS NOT NULL
    MATCH (r:Resource {id: row.baseId})
    FOREACH (_ IN CASE WHEN r.workState IN ['WAITING', 'READY'] THEN [1] ELSE [] END |
      SET r.workState = 'SUPERSEDED', r.updatedAt = now)
    RETURN r
  }
  CREATE (v)-[:HAS_RESOURCE {order: row.fields.order}]->(r)
  RETURN collect(r) AS nodes
}
CALL (nodes) {
  UNWIND $edges AS edge
  WITH nodes[edge[0]] AS a, nodes[edge[1]] AS b, edge[2] AS carried
  FOREACH (_ IN CASE WHEN carried = 1 THEN [1] ELSE [] END | MERGE (a)-[:NEEDED_BY]->(b))
  FOREACH (_ IN CASE WHEN carried = 1 THEN [] ELSE [1] END | CREATE (a)-[:NEEDED_BY]->(b))
}
RETURN v.id AS id
