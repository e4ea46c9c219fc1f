// A child stack as its parent resource's attributes are computed from it.
CYPHER replan=skip
MATCH (c:Stack {id: $childId})
OPTIONAL MATCH (c)-[:CURRENT_VERSION]->(v:StackVersion)
RETURN c {.id, .name, .status, .statusReason, .action} AS child, v.outputs AS outputs,
  CASE WHEN v IS NULL THEN [] ELSE
    [(v)-[:HAS_RESOURCE]->(x:Resource) | x {.name, .type, .physicalResourceId, .attributes, .observedReady}]
  END AS resources
