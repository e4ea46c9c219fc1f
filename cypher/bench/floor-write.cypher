// Benchmarks only (bench/floor.ts): the floor a create is compared with. Writes a version node,
// the same resource nodes as stack/insert-version (same label, so the same indexes are
// maintained, and the same properties) and their NEEDED_BY edges, linked by position, in one
// transaction. No (:Stack) points at $stackId, so no API read ever sees these nodes.
CREATE (v:StackVersion {id: $versionId, stackId: $stackId, number: 1, status: 'IN_PROGRESS'})
WITH v
CALL (v) {
  UNWIND $resources AS row
  CREATE (r:Resource)
  SET r = row, r.stackId = $stackId, r.versionId = v.id, r.createdAt = timestamp(), r.updatedAt = timestamp()
  CREATE (v)-[:HAS_RESOURCE]->(r)
  RETURN collect(r) AS nodes
}
CALL (nodes) {
  UNWIND $edges AS edge
  WITH nodes[edge[0]] AS a, nodes[edge[1]] AS b
  CREATE (a)-[:NEEDED_BY]->(b)
}
RETURN size(nodes) AS written
