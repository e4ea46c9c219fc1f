// Persists a stack version with its whole resource graph in the caller's transaction: the version
// node, one Resource per template resource (with its work item for the new traversal), and a
// NEEDED_BY edge from each resource to every resource that requires it. Edges name their ends by
// position in $resources, so linking costs a list lookup rather than two index seeks per edge.
MATCH (s:Stack {id: $stackId})
OPTIONAL MATCH (s)-[c:CURRENT_VERSION]->(previous:StackVersion)
SET previous.status = CASE WHEN previous.status = 'IN_PROGRESS' THEN 'SUPERSEDED' ELSE previous.status END
DELETE c
WITH DISTINCT s
CREATE (v:StackVersion)
SET v = $version, v.stackId = s.id, v.name = s.name + ' v' + toString($version.number), v.createdAt = timestamp()
CREATE (s)-[:HAS_VERSION]->(v)
CREATE (s)-[:CURRENT_VERSION]->(v)
WITH s, v
CALL (s, v) {
  UNWIND $resources AS row
  CREATE (r:Resource)
  SET r = row, r.stackId = s.id, r.versionId = v.id, r.createdAt = timestamp(), r.updatedAt = timestamp()
  CREATE (v)-[:HAS_RESOURCE]->(r)
  RETURN collect(r) AS nodes
}
CALL (nodes) {
  UNWIND $edges AS edge
  WITH nodes[edge[0]] AS a, nodes[edge[1]] AS b
  CREATE (a)-[:NEEDED_BY]->(b)
}
RETURN v.id AS id
