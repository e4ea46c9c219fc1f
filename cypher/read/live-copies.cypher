// The live copies (each holds a physical resource) of each stack's resources, newest version
// first: what a stack's resources show for a resource its current version has not reached.
UNWIND $stackIds AS stackId
MATCH (r:Resource {stackId: stackId, live: true})
WITH stackId, r ORDER BY r.version DESC
RETURN stackId, collect(r {.id, .name, .type, .status, .statusReason, .failureReason, .observedReady, .retryCount,
  .physicalResourceId, .properties, .appliedProperties, .attributes, .definition, .deletionPolicy, .version,
  .copyId, .outcome, .changeReason, .changedProperties, requires: [], .updatedAt, .live, .versionId, .drift, .driftCheckedAt}) AS copies
