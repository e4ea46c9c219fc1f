// A child stack as its parent resource's attributes are computed from it.
CYPHER replan=skip
MATCH (c:Stack {id: $childId})
OPTIONAL MATCH (c)-[:CURRENT_VERSION]->(v)
// A subquery, not an expression under CASE: its plan is visible to EXPLAIN (stable-plans test).
CALL (v) {
  OPTIONAL MATCH (v)-[:HAS_RESOURCE]->(x)
  RETURN collect(x {.name, .type, .physicalResourceId, .attributes, .observedReady}) AS resources
}
RETURN c {.id, .name, .status, .statusReason, .action} AS child, v.outputs AS outputs, resources
