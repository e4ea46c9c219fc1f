// Waits (up to 300 s) until the indexes the migrations created are online, so that the first
// queries do not run without them.
CALL db.awaitIndexes(300)
