CYPHER replan=skip
UNWIND $versionIds AS versionId
MATCH (v:StackVersion {id: versionId})
RETURN versionId, v.template AS template, v.parameters AS parameters, v.environment AS environment,
  v.files AS files
