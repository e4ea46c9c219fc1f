// Staging a version written in chunks, step 1: the version node alone, marked staged. Nothing
// reaches it (no HAS_VERSION edge) until stack/attach-staged runs in the command's transaction;
// the sweeper deletes it (engine/abandoned-staged, stack/discard-staged) if that never happens.
CYPHER replan=skip
CREATE (v:StackVersion {id: $versionId})
SET v.stackId = $stackId, v.stagedAt = timestamp()
