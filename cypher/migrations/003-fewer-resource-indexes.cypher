// Every index on :Resource is maintained on every state change of every resource; these two were
// not used by any statement (resources of a version are read through HAS_RESOURCE).
DROP INDEX resource_stack IF EXISTS;
DROP INDEX resource_version IF EXISTS;
