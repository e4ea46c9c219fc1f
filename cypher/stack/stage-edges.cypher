// Staging, step 3 (one transaction per chunk, after every resource is staged): NEEDED_BY edges
// between staged resources, named by id, from each required resource to the one requiring it.
CYPHER replan=skip
UNWIND $edges AS edge
MATCH (a:Resource {id: edge[0]})
MATCH (b:Resource {id: edge[1]})
CREATE (a)-[:NEEDED_BY]->(b)
RETURN count(*) AS linked
