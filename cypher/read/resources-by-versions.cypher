// Every resource of each version, in the template's order (HAS_RESOURCE's `order`; versions
// written before it was there keep it on the node). Versions share the nodes of unchanged
// resources (stack/insert-version): a node shown in a version other than the one that last changed
// it is unchanged there, so its version, outcome and change are the viewed version's, and its
// dependencies are those in the viewed version.
UNWIND $versionIds AS versionId
MATCH (v:StackVersion {id: versionId})-[h:HAS_RESOURCE]->(r:Resource)
WITH v, r, coalesce(h.order, r.order) AS order, r.versionId = v.id AS own
ORDER BY order
RETURN v.id AS versionId, collect(r {.id, .name, .type, .status, .failureReason, .observedReady, .retryCount,
  .physicalResourceId, .properties, .appliedProperties, .attributes, .definition, .deletionPolicy, .copyId,
  statusReason: CASE WHEN own OR NOT coalesce(r.live, false) THEN r.statusReason ELSE 'Unchanged: kept as is' END,
  version: v.number, versionId: v.id,
  outcome: CASE WHEN own THEN r.outcome ELSE 'UNCHANGED' END,
  changeReason: CASE WHEN own THEN r.changeReason END,
  changedProperties: CASE WHEN own THEN r.changedProperties END,
  requires: [(d:Resource)-[:NEEDED_BY]->(r) WHERE (v)-[:HAS_RESOURCE]->(d) | d.name],
  .updatedAt, .live, .drift, .driftCheckedAt}) AS resources
