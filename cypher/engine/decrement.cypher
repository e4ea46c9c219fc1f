// One finished predecessor less for each successor; those reaching zero become ready.
UNWIND $decrements AS d
MATCH (n:Resource {id: d.id})
WHERE n.traversal = d.traversal AND n.workState = 'WAITING'
SET n.pending = n.pending - toInteger(d.count)
WITH n WHERE n.pending <= 0
SET n.workState = 'READY', n.notBefore = timestamp()
RETURN n.stackId AS stackId, count(n) AS ready
