MATCH (v:StackVersion {stackId: $stackId, number: $number})
RETURN v {.*} AS version
