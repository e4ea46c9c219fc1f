// A stack's current version as a graph: the stack, its version and every resource with its
// NEEDED_BY edges (an edge a -> b means b depends on a). In Browser, first run
//   :param name => 'my-stack'
MATCH (s:Stack {name: $name})-[:CURRENT_VERSION]->(v:StackVersion)-[:HAS_RESOURCE]->(r:Resource)
OPTIONAL MATCH edge = (r)-[:NEEDED_BY]->(:Resource)
RETURN s, v, r, edge
