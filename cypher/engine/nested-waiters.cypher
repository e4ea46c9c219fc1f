// Parent work items parked on child stacks that reached a terminal status in this commit: what
// finishing them needs (the parent's lease and state, the child's outputs and resources).
CYPHER replan=skip
UNWIND $stackIds AS id
MATCH (c:Stack {id: id})
WHERE c.waiterId IS NOT NULL
MATCH (p:Resource {id: c.waiterId})
WHERE p.leaseToken = c.waiterToken AND p.nestedWait = true
OPTIONAL MATCH (c)-[:CURRENT_VERSION]->(v)
// A subquery, not an expression under CASE: its plan is visible to EXPLAIN (stable-plans test).
CALL (v) {
  OPTIONAL MATCH (v)-[:HAS_RESOURCE]->(x)
  RETURN collect(x {.name, .type, .physicalResourceId, .attributes, .observedReady}) AS resources
}
RETURN c {.id, .name, .status, .statusReason, .action} AS child,
  p {.id, .stackId, .name, .type, .version, .leaseToken, .actionTraversal, .action, .properties,
     .appliedProperties, .work, .copyId, .physicalResourceId, .retryCount, .attributes, .change,
     .statusReason, .live, .refs, .nestedVerb, .nestedProperties, .nestedRefs} AS parent,
  v.outputs AS outputs, resources
