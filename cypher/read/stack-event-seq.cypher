CYPHER replan=skip
MATCH (s:Stack {id: $stackId})
RETURN s.eventSeq AS seq
