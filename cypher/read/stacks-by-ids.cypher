CYPHER replan=skip
UNWIND $ids AS id
MATCH (s:Stack {id: id})
RETURN s {.*} AS stack
