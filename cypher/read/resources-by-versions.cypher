// Every resource of each version, in the template's order (HAS_RESOURCE's `order`; versions
// written before it was there keep it on the node), with the version's id and number: versions
// share the nodes of unchanged resources (stack/insert-version), and `asViewedIn`
// (src/store/reads.ts) shows a node as the viewed version has it. Dependencies are those in the
// viewed version (a shared node gains an edge from each later node that needs it).
UNWIND $versionIds AS versionId
MATCH (v:StackVersion {id: versionId})-[h:HAS_RESOURCE]->(r:Resource)
WITH v, r, coalesce(h.order, r.order) AS order
ORDER BY order
RETURN v.id AS versionId, v.number AS number, collect(r {.id, .name, .type, .status, .statusReason,
  .failureReason, .observedReady, .retryCount, .physicalResourceId, .properties, .appliedProperties,
  .attributes, .definition, .deletionPolicy, .version, .copyId, .outcome, .changeReason, .changedProperties,
  requires: [(d:Resource)-[:NEEDED_BY]->(r) WHERE (v)-[:HAS_RESOURCE]->(d) | d.name],
  .updatedAt, .live, .versionId, .drift, .driftCheckedAt}) AS resources
