// Versions written in chunks (issue 15 §2: 100,000 resources within Neo4j's default transaction
// memory) are staged first: the version node carries stagedAt until the command's own transaction
// attaches it to its stack. The sweeper finds staging a crashed command left behind through this
// index, so looking costs nothing while there is none.
CREATE INDEX version_staged IF NOT EXISTS FOR (v:StackVersion) ON (v.stagedAt);
