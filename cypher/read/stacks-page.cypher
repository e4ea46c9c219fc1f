// A page of a tenant's stacks in (name, id) order, after the cursor position.
MATCH (s:Stack {tenant: $tenant})
WHERE ($includeDeleted OR s.liveName IS NOT NULL) AND s.parentStackId IS NULL
  AND ($afterName IS NULL OR s.name > $afterName OR (s.name = $afterName AND s.id > $afterId))
RETURN s {.*} AS stack
ORDER BY s.name, s.id
LIMIT toInteger($first)
