// Real lengths of the unpaginated (deprecated) lists a query may read, for its cost estimate before
// it runs (src/api/limits.ts): per stack the query names, and with $wholeTenant the largest over the
// tenant's stacks and the live nested stacks' total. Only counters are read (a version's
// resourceCount; the stack's version number, which counts its versions), never a resource; a
// stack's versions are looked at (index version_stack) only with $versionResources.
MATCH (s:Stack {tenant: $tenant})
WHERE $wholeTenant OR s.name IN $names
OPTIONAL MATCH (s)-[:CURRENT_VERSION]->(c:StackVersion)
WITH s, coalesce(c.resourceCount, 0) AS resources
OPTIONAL MATCH (v:StackVersion {stackId: s.id})
WHERE $versionResources
WITH s, resources, coalesce(max(v.resourceCount), 0) AS versionResources
WITH s, resources, versionResources, coalesce(s.version, 0) AS versions,
  s.parentStackId IS NOT NULL AND s.liveName IS NOT NULL AS liveNested
RETURN
  collect(CASE WHEN s.name IN $names
    THEN {name: s.name, resources: resources, versionResources: versionResources, versions: versions} END) AS named,
  coalesce(max(resources), 0) AS mostResources,
  coalesce(max(versionResources), 0) AS mostVersionResources,
  coalesce(max(versions), 0) AS mostVersions,
  count(CASE WHEN liveNested THEN 1 END) AS nestedStacks,
  sum(CASE WHEN liveNested THEN resources ELSE 0 END) AS nestedResources
