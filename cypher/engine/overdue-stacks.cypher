// Stacks whose timeout passed while still in progress; the sweeper fails them even if no worker moves.
MATCH (s:Stack)
WHERE s.deadline < timestamp() AND s.status ENDS WITH '_IN_PROGRESS'
  AND ($tenants IS NULL OR s.tenant IN $tenants)
RETURN s.id AS id
LIMIT 100
