// A stack with its nested stacks, every level (template resources, OS::Heat::Stack, the members
// of a ResourceGroup): each chain runs stack -> current version -> resource -[:OWNS_STACK]-> its
// nested stack, and so on down. In Browser's graph view the paths show the nesting; the columns
// list each live nested stack with its depth (0: the stack itself), its owner and its status.
//   :param stack => 'my-stack'   (a live stack's name, or any stack's id)
MATCH (top:Stack)
WHERE top.id = $stack OR top.liveName = $stack
MATCH chain = (top)
  ((:Stack)-[:CURRENT_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(:Resource)-[:OWNS_STACK]->(:Stack)){0,10}
  (nested:Stack)
WHERE nested = top OR nested.liveName IS NOT NULL
WITH chain, nested, length(chain) / 3 AS depth, nodes(chain) AS ns
RETURN chain, depth, nested.name AS stack, nested.id AS id, nested.status AS status,
  CASE WHEN depth = 0 THEN null ELSE ns[size(ns) - 4].name + '/' + ns[size(ns) - 2].name END AS ownedBy,
  COUNT { (nested)-[:CURRENT_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(:Resource) } AS resources
ORDER BY depth, ownedBy, stack
