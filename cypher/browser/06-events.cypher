// The latest events of a stack, newest first.
MATCH (s:Stack {name: $name})
MATCH (e:Event {stackId: s.id})
RETURN e.seq AS seq, datetime({epochMillis: e.at}) AS at, e.resourceName AS resource, e.status AS status,
  e.reason AS reason
ORDER BY seq DESC
LIMIT 100
