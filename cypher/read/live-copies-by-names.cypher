// The live copies (each holds a physical resource) of some of a stack's resources, by name, newest
// version first: what a page of the stack's resources shows for the ones its current version has
// not reached. Reads only those names (resource_name index), never the whole stack.
UNWIND $names AS name
MATCH (r:Resource {stackId: $stackId, name: name})
WHERE r.live = true
WITH r ORDER BY r.version DESC
RETURN r {.id, .name, .type, .status, .statusReason, .failureReason, .observedReady, .retryCount,
  .physicalResourceId, .properties, .appliedProperties, .attributes, .definition, .deletionPolicy, .version,
  .copyId, .outcome, .changeReason, .changedProperties, requires: [], .updatedAt, .live, .versionId} AS copy
