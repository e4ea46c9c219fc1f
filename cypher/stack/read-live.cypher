// What a new traversal must take into account: every live copy (it owns a physical resource) and
// every outstanding work item of earlier traversals. Cost follows live and outstanding resources,
// not the stack's history. Live copies come with what the change set weighs (decide keep, update
// or replace now, and carry unchanged ones over without a work item), and the live copies linked
// to them by NEEDED_BY (`linkedFrom`): a new version sends an edge between two carried-over
// resources only when it is not there already (insert-version).
// The two parts never hold the same copy (live or not): UNION ALL, as UNION compared whole rows,
// their stored JSON included (a third of the read for 10,000 live copies).
MATCH (r:Resource {stackId: $stackId, live: true})
RETURN r.id AS id, r.name AS name, r.copyId AS copyId, coalesce(r.refs, []) AS refs,
  r.leaseToken IS NOT NULL AS busy, true AS live, r.type AS type, r.status AS status,
  coalesce(r.observedReady, false) AS observedReady, r.version AS version,
  r.appliedProperties AS appliedProperties, r.attributes AS attributes,
  r.physicalResourceId AS physicalResourceId, r.drift AS drift, r.nestedInputs AS nestedInputs,
  [(d)-[:NEEDED_BY]->(r) WHERE d.live = true | d.id] AS linkedFrom
UNION ALL
MATCH (r:Resource {stackId: $stackId})
WHERE r.workState IN ['WAITING', 'READY', 'RUNNING'] AND NOT coalesce(r.live, false)
RETURN r.id AS id, r.name AS name, r.copyId AS copyId, [] AS refs,
  r.leaseToken IS NOT NULL AS busy, false AS live, r.type AS type, r.status AS status,
  false AS observedReady, r.version AS version, null AS appliedProperties, null AS attributes,
  null AS physicalResourceId, null AS drift, null AS nestedInputs, [] AS linkedFrom
