// A page of a version's resources in dependency order, after the cursor's position ($after is the
// last seen `order`, or null for the first page). The caller asks one more than it shows, to know
// whether a next page exists.
MATCH (:StackVersion {id: $versionId})-[:HAS_RESOURCE]->(r:Resource)
WHERE $after IS NULL OR r.order > $after
WITH r ORDER BY r.order
LIMIT toInteger($first)
RETURN r {.id, .name, .type, .status, .statusReason, .failureReason, .observedReady, .retryCount, .physicalResourceId,
  .properties, .appliedProperties, .attributes, .definition, .deletionPolicy, .version, .copyId, .outcome, .changeReason, .changedProperties, .order,
  requires: [(d:Resource)-[:NEEDED_BY]->(r) | d.name],
  .updatedAt, .live, .versionId, .drift, .driftCheckedAt} AS resource
