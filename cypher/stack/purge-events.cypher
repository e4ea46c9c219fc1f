// Purging a deleted stack's history, part 2: its event batches.
MATCH (b:EventBatch)
WHERE b.stackId = $id AND b.first IS NOT NULL
WITH b LIMIT 5000
DELETE b
RETURN count(*) AS deleted
