// Readiness as the live copies tell it: resources of the current version that no in-flight action
// holds and whose name has a live copy observed ready (the version's own, or an older version's
// copy it has not taken over yet, e.g. after a cancel stopped the traversal before reaching it).
MATCH (:Stack {id: $stackId})-[:CURRENT_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(c:Resource)
WHERE c.leaseToken IS NULL
  AND EXISTS { MATCH (r:Resource {stackId: $stackId, name: c.name}) WHERE r.live AND r.observedReady }
RETURN count(c) AS observed
