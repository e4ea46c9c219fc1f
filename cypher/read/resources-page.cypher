// A page of a version's resources in the template's order, after the cursor's position ($after is
// the last seen `order`, or null for the first page). The caller asks one more than it shows, to
// know whether a next page exists. Nodes shared with other versions are shown as this version
// has them (see read/resources-by-versions).
MATCH (v:StackVersion {id: $versionId})-[h:HAS_RESOURCE]->(r:Resource)
WITH v, r, coalesce(h.order, r.order) AS order
WHERE $after IS NULL OR order > $after
WITH v, r, order, r.versionId = v.id AS own ORDER BY order
LIMIT toInteger($first)
RETURN r {.id, .name, .type, .status, .failureReason, .observedReady, .retryCount, .physicalResourceId,
  .properties, .appliedProperties, .attributes, .definition, .deletionPolicy, .copyId, order: order,
  statusReason: CASE WHEN own OR NOT coalesce(r.live, false) THEN r.statusReason ELSE 'Unchanged: kept as is' END,
  version: v.number, versionId: v.id,
  outcome: CASE WHEN own THEN r.outcome ELSE 'UNCHANGED' END,
  changeReason: CASE WHEN own THEN r.changeReason END,
  changedProperties: CASE WHEN own THEN r.changedProperties END,
  requires: [(d:Resource)-[:NEEDED_BY]->(r) WHERE (v)-[:HAS_RESOURCE]->(d) | d.name],
  .updatedAt, .live, .drift, .driftCheckedAt} AS resource
