// A page of a version's resources in the template's order, after the cursor's position ($after is
// the last seen `order`, or null for the first page). The caller asks one more than it shows, to
// know whether a next page exists. Nodes shared with other versions come as stored, with the
// viewed version's number (see read/resources-by-versions).
MATCH (v:StackVersion {id: $versionId})-[h:HAS_RESOURCE]->(r:Resource)
WITH v, r, coalesce(h.order, r.order) AS order
WHERE $after IS NULL OR order > $after
WITH v, r, order ORDER BY order
LIMIT toInteger($first)
RETURN v.number AS number, r {.id, .name, .type, .status, .statusReason, .failureReason, .observedReady,
  .retryCount, .physicalResourceId, .properties, .appliedProperties, .attributes, .definition,
  .deletionPolicy, .version, .copyId, .outcome, .changeReason, .changedProperties, order: order,
  requires: [(d:Resource)-[:NEEDED_BY]->(r) WHERE (v)-[:HAS_RESOURCE]->(d) | d.name],
  .updatedAt, .live, .versionId, .drift, .driftCheckedAt} AS resource
