// Gives existing resources their work for a new traversal (cleanup of live copies), or retires
// outstanding items of the superseded one.
CYPHER replan=skip
UNWIND $updates AS u
MATCH (r:Resource {id: u.id})
SET r += u.set
RETURN count(r) AS updated
