// Every stack with its id, newest first: a deleted stack keeps its history under its id, and a
// new stack may reuse its name. Set the stack for the other queries with its id (or a live
// stack's name):  :param stack => '<id or name>'
MATCH (s:Stack)
RETURN s.id AS id, s.tenant AS tenant, s.name AS name, s.status AS status, s.liveName IS NOT NULL AS live,
  datetime({epochMillis: s.createdAt}) AS created
ORDER BY created DESC
LIMIT 200
