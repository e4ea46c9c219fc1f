// Current version of each stack, without the template text (loaded separately, only when asked for).
CYPHER replan=skip
UNWIND $stackIds AS stackId
MATCH (:Stack {id: stackId})-[:CURRENT_VERSION]->(v)
RETURN stackId, v {.id, .number, .status, .action, .rollbackOf, .description, .createdAt, .outputs,
  .parameters, .hiddenParameters, .resourceCount} AS version
