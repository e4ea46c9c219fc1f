// The live stack of that name; if none, the most recently deleted one (its history stays readable).
MATCH (s:Stack {tenant: $tenant, name: $name})
RETURN s {.*} AS stack
ORDER BY s.liveName IS NULL, s.updatedAt DESC
LIMIT 1
