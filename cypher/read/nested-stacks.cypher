// The live nested stacks of each given stack (children only; callers walk further levels).
UNWIND $stackIds AS id
MATCH (c:Stack {parentStackId: id})
WHERE c.liveName IS NOT NULL
WITH id, c ORDER BY c.parentResourceName, c.name
RETURN id AS stackId, collect(c {.*}) AS stacks
