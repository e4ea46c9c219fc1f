// Releases leases that expired. A current item goes back to READY flagged `recover`, so whoever
// claims it next observes the real resource before acting again (an action may have started).
// A superseded item just lets go; its copy is cleaned up by the traversal that superseded it.
CYPHER replan=skip
UNWIND $items AS it
MATCH (r:Resource {id: it.id})
WHERE r.leaseToken = it.token AND (it.force OR r.leaseExpires < timestamp())
WITH r, it, r.onRelease AS onRelease
SET r.leaseOwner = null, r.leaseToken = null, r.leaseExpires = null, r.actionTraversal = null,
    r.onRelease = null,
    r.recover = CASE WHEN r.action IS NOT NULL THEN true ELSE r.recover END,
    r.workState = CASE WHEN it.current THEN 'READY' ELSE r.workState END,
    r.notBefore = CASE WHEN it.current THEN timestamp() ELSE r.notBefore END,
    r.updatedAt = timestamp()
RETURN r.id AS id, it.token AS token, r.stackId AS stackId, r.name AS name, r.version AS version, r.status AS status,
  coalesce(onRelease, []) AS onRelease
