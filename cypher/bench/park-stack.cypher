// Benchmarks only (bench/claim-profile.ts): takes a stack out of the claim rotation (no worker
// runs in that benchmark) so the next stack it profiles is the only one with ready work.
MATCH (s:Stack {name: $name})
SET s.readyCount = 0
RETURN s.id AS id
