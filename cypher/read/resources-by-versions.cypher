// Every resource of each version, in the template's dependency order.
UNWIND $versionIds AS versionId
MATCH (:StackVersion {id: versionId})-[:HAS_RESOURCE]->(r:Resource)
WITH versionId, r ORDER BY r.order
RETURN versionId, collect(r {.id, .name, .type, .status, .statusReason, .failureReason, .observedReady, .retryCount,
  .physicalResourceId, .properties, .appliedProperties, .attributes, .definition, .deletionPolicy, .version, .copyId, .outcome, .changeReason, .changedProperties,
  requires: [(d:Resource)-[:NEEDED_BY]->(r) | d.name],
  .updatedAt, .live, .versionId, .drift, .driftCheckedAt}) AS resources
