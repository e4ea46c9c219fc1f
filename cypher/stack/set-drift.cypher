// A check's findings on the live copies it observed: the latest drift (JSON, secrets sealed) and when.
CYPHER replan=skip
UNWIND $drifts AS d
MATCH (r:Resource {id: d.id})
SET r.drift = d.drift, r.driftCheckedAt = d.checkedAt
