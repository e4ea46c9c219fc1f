// Deleted stacks (DELETE_COMPLETE) of a tenant with this name, and whether a live one exists.
MATCH (s:Stack {tenant: $tenant, name: $name})
RETURN s.id AS id, s.liveName IS NOT NULL AS live
