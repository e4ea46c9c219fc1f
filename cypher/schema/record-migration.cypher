// Records that a migration file was applied, for operators (idempotent: several processes may start at once).
MERGE (m:Migration {id: $id})
ON CREATE SET m.appliedAt = datetime()
