// One finished predecessor less for each successor; those reaching zero become ready. A converge
// item with a start delay (startDelayMs: a ResourceGroup batch's pause_time) becomes ready that
// much later: claims skip it until then (notBefore), so the pause holds no slot and no lease.
CYPHER replan=skip
UNWIND $decrements AS d
MATCH (n:Resource {id: d.id})
WHERE n.traversal = d.traversal AND n.workState = 'WAITING'
SET n.pending = n.pending - toInteger(d.count)
WITH n WHERE n.pending <= 0
SET n.workState = 'READY',
    n.notBefore = timestamp() + CASE WHEN n.work = 'CONVERGE' THEN coalesce(n.startDelayMs, 0) ELSE 0 END
RETURN n.stackId AS stackId, count(n) AS ready
