UNWIND $stackIds AS stackId
MATCH (v:StackVersion {stackId: stackId})
WITH stackId, v ORDER BY v.number
RETURN stackId, collect(v {.id, .number, .status, .action, .rollbackOf, .description, .createdAt, .outputs,
  .parameters, .hiddenParameters, .resourceCount}) AS versions
