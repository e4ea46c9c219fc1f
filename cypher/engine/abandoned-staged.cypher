// Staged versions older than $before that no command attached: their command failed without
// cleaning up or their process died mid-staging (see stack/stage-version). Index version_staged.
MATCH (v:StackVersion)
WHERE v.stagedAt < $before
RETURN v.id AS id
LIMIT 10
