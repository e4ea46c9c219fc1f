// A stack's current version as a graph: the stack, its version and every resource with its
// NEEDED_BY edges (an edge a -> b means b depends on a). In Browser, first run
//   :param stack => 'my-stack'   (a live stack's name, or any stack's id)
MATCH (s:Stack)-[:CURRENT_VERSION]->(v:StackVersion)-[:HAS_RESOURCE]->(r:Resource)
WHERE s.id = $stack OR s.liveName = $stack
OPTIONAL MATCH edge = (r)-[:NEEDED_BY]->(x:Resource)
WHERE (v)-[:HAS_RESOURCE]->(x)
RETURN s, v, r, edge
