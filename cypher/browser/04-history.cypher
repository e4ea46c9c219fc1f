// Every version of a stack (newest first) with its status, and what each rollback returned to.
MATCH (s:Stack)-[:HAS_VERSION]->(v:StackVersion)
WHERE s.id = $stack OR s.liveName = $stack
RETURN v.number AS version, v.action AS action, v.status AS status, v.rollbackOf AS rollbackOf,
  v.resourceCount AS resources, datetime({epochMillis: v.createdAt}) AS created
ORDER BY version DESC
