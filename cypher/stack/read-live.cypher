// What a new traversal must take into account: every live copy (it owns a physical resource) and
// every outstanding work item of earlier traversals. Cost follows live and outstanding resources,
// not the stack's history.
MATCH (r:Resource {stackId: $stackId, live: true})
RETURN r.id AS id, r.name AS name, r.copyId AS copyId, coalesce(r.refs, []) AS refs,
  r.leaseToken IS NOT NULL AS busy, true AS live
UNION
MATCH (r:Resource {stackId: $stackId})
WHERE r.workState IN ['WAITING', 'READY', 'RUNNING'] AND NOT coalesce(r.live, false)
RETURN r.id AS id, r.name AS name, r.copyId AS copyId, [] AS refs,
  r.leaseToken IS NOT NULL AS busy, false AS live
