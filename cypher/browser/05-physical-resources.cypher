// Which resource copy owns each physical resource right now (live), across versions, with the
// replacement (REPLACES) and take-over (SUCCEEDS) links between copies.
MATCH (s:Stack)
WHERE s.id = $stack OR s.liveName = $stack
MATCH (r:Resource {stackId: s.id})
WHERE r.live
OPTIONAL MATCH link = (r)-[:REPLACES|SUCCEEDS*1..3]->(:Resource)
RETURN r, link
