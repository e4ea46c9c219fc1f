// The last step of a version written in chunks, in the command's own transaction (the one that
// created the stack): the staged version becomes the stack's current version, all at once. A
// version the sweeper began to discard is not attached (no row: the command fails). `chunks` tells
// operators how many transactions wrote its resources.
CYPHER replan=skip
MATCH (s:Stack {id: $stackId})
MATCH (v:StackVersion {id: $versionId})
USING INDEX SEEK v:StackVersion(id)
WHERE v.stackId = s.id AND v.stagedAt IS NOT NULL AND v.discardedAt IS NULL
SET v += $version
SET v.stackId = s.id, v.name = s.name + ' v' + toString($version.number), v.createdAt = timestamp(),
    v.stagedAt = null, v.chunks = $chunks
CREATE (s)-[:HAS_VERSION]->(v)
CREATE (s)-[:CURRENT_VERSION]->(v)
RETURN v.id AS id
