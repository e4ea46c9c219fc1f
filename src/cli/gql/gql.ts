/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment StackBrief on Stack {\n    name\n    status\n    statusReason\n    version\n    lastGoodVersion\n    disableRollback\n  }\n": typeof types.StackBriefFragmentDoc,
    "\n  fragment ResourceRow on Resource {\n    name\n    type\n    status\n    statusReason\n    observedReady\n    retryCount\n    physicalResourceId\n  }\n": typeof types.ResourceRowFragmentDoc,
    "\n  fragment StackDetails on Stack {\n    ...StackBrief\n    failureReason\n    timeoutSeconds\n    createdAt\n    updatedAt\n    readiness {\n      ready\n      total\n    }\n    outputs\n    resources {\n      ...ResourceRow\n    }\n  }\n": typeof types.StackDetailsFragmentDoc,
    "\n  fragment PreviewResult on StackPreview {\n    exists\n    fromVersion\n    noChange\n    plan {\n      name\n      type\n      action\n      reason\n      knownAfterApply\n      properties {\n        name\n        old\n        new\n        knownAfterApply\n        forcesReplacement\n      }\n    }\n    summary {\n      add\n      update\n      replace\n      delete\n      unchanged\n      text\n    }\n  }\n": typeof types.PreviewResultFragmentDoc,
    "\n  fragment GraphNode on Resource {\n    name\n    type\n    status\n    requires {\n      name\n    }\n  }\n": typeof types.GraphNodeFragmentDoc,
    "\n  fragment EventFields on Event {\n    sequence\n    stackName\n    at\n    type\n    resourceName\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n  }\n": typeof types.EventFieldsFragmentDoc,
    "\n  subscription StackEvents($name: String!, $after: Int, $nested: Boolean) {\n    stackEvents(name: $name, after: $after, nested: $nested) {\n      ...EventFields\n    }\n  }\n": typeof types.StackEventsDocument,
    "\n  subscription Readiness($name: String!) {\n    resourceReadiness(name: $name) {\n      ready\n      total\n      justReady\n      status\n    }\n  }\n": typeof types.ReadinessDocument,
    "\n      query StackBriefByName($name: String!) {\n        stack(name: $name) {\n          ...StackBrief\n        }\n      }\n    ": typeof types.StackBriefByNameDocument,
    "\n      query StackDetailsByName($name: String!) {\n        stack(name: $name) {\n          ...StackDetails\n        }\n      }\n    ": typeof types.StackDetailsByNameDocument,
    "\n        query Stacks($first: Int!, $after: String, $includeDeleted: Boolean) {\n          stacks(first: $first, after: $after, includeDeleted: $includeDeleted) {\n            name\n            status\n            version\n            readiness {\n              ready\n              total\n            }\n            updatedAt\n            cursor\n          }\n        }\n      ": typeof types.StacksDocument,
    "\n      query Events($name: String!, $after: Int!, $first: Int!) {\n        stack(name: $name) {\n          events(after: $after, first: $first) {\n            ...EventFields\n          }\n        }\n      }\n    ": typeof types.EventsDocument,
    "\n      query NestedStacks($name: String!, $depth: Int!) {\n        stack(name: $name) {\n          nested(depth: $depth) {\n            id\n            name\n            status\n            parent {\n              stack {\n                name\n              }\n              resource\n            }\n            resources {\n              ...ResourceRow\n              requires {\n                name\n              }\n            }\n          }\n        }\n      }\n    ": typeof types.NestedStacksDocument,
    "\n      mutation CreateStack($input: CreateStackInput!) {\n        createStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": typeof types.CreateStackDocument,
    "\n      mutation UpdateStack($input: UpdateStackInput!) {\n        updateStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n          changed\n          message\n        }\n      }\n    ": typeof types.UpdateStackDocument,
    "\n      mutation DeleteStack($input: DeleteStackInput!) {\n        deleteStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": typeof types.DeleteStackDocument,
    "\n      mutation RollbackStack($input: RollbackStackInput!) {\n        rollbackStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": typeof types.RollbackStackDocument,
    "\n      mutation CancelStackUpdate($input: CancelStackUpdateInput!) {\n        cancelStackUpdate(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": typeof types.CancelStackUpdateDocument,
    "\n        query Graph($name: String!) {\n          stack(name: $name) {\n            version\n            resources {\n              ...GraphNode\n            }\n          }\n        }\n      ": typeof types.GraphDocument,
    "\n      query GraphVersions($name: String!) {\n        stack(name: $name) {\n          versions {\n            number\n            resources {\n              ...GraphNode\n            }\n          }\n        }\n      }\n    ": typeof types.GraphVersionsDocument,
    "\n      query ResourceDetails($name: String!, $resource: String!) {\n        stack(name: $name) {\n          resource(name: $resource) {\n            ...ResourceRow\n            id\n            failureReason\n            version\n            deletionPolicy\n            properties\n            attributes\n            updatedAt\n            requires {\n              name\n            }\n            neededBy {\n              name\n            }\n          }\n        }\n      }\n    ": typeof types.ResourceDetailsDocument,
    "\n      query VersionTemplate($name: String!, $number: Int!) {\n        stack(name: $name) {\n          version\n          atVersion(number: $number) {\n            number\n            template\n            parameters\n          }\n        }\n      }\n    ": typeof types.VersionTemplateDocument,
    "\n      mutation CheckStack($input: CheckStackInput!) {\n        checkStack(input: $input) {\n          stack {\n            status\n            statusReason\n            resources {\n              name\n              type\n              drift {\n                status\n                checkedAt\n                differences {\n                  property\n                  expected\n                  actual\n                }\n              }\n            }\n          }\n        }\n      }\n    ": typeof types.CheckStackDocument,
    "\n      mutation AbandonStack($input: AbandonStackInput!) {\n        abandonStack(input: $input) {\n          adoptData\n          stack {\n            status\n          }\n        }\n      }\n    ": typeof types.AbandonStackDocument,
};
const documents: Documents = {
    "\n  fragment StackBrief on Stack {\n    name\n    status\n    statusReason\n    version\n    lastGoodVersion\n    disableRollback\n  }\n": types.StackBriefFragmentDoc,
    "\n  fragment ResourceRow on Resource {\n    name\n    type\n    status\n    statusReason\n    observedReady\n    retryCount\n    physicalResourceId\n  }\n": types.ResourceRowFragmentDoc,
    "\n  fragment StackDetails on Stack {\n    ...StackBrief\n    failureReason\n    timeoutSeconds\n    createdAt\n    updatedAt\n    readiness {\n      ready\n      total\n    }\n    outputs\n    resources {\n      ...ResourceRow\n    }\n  }\n": types.StackDetailsFragmentDoc,
    "\n  fragment PreviewResult on StackPreview {\n    exists\n    fromVersion\n    noChange\n    plan {\n      name\n      type\n      action\n      reason\n      knownAfterApply\n      properties {\n        name\n        old\n        new\n        knownAfterApply\n        forcesReplacement\n      }\n    }\n    summary {\n      add\n      update\n      replace\n      delete\n      unchanged\n      text\n    }\n  }\n": types.PreviewResultFragmentDoc,
    "\n  fragment GraphNode on Resource {\n    name\n    type\n    status\n    requires {\n      name\n    }\n  }\n": types.GraphNodeFragmentDoc,
    "\n  fragment EventFields on Event {\n    sequence\n    stackName\n    at\n    type\n    resourceName\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n  }\n": types.EventFieldsFragmentDoc,
    "\n  subscription StackEvents($name: String!, $after: Int, $nested: Boolean) {\n    stackEvents(name: $name, after: $after, nested: $nested) {\n      ...EventFields\n    }\n  }\n": types.StackEventsDocument,
    "\n  subscription Readiness($name: String!) {\n    resourceReadiness(name: $name) {\n      ready\n      total\n      justReady\n      status\n    }\n  }\n": types.ReadinessDocument,
    "\n      query StackBriefByName($name: String!) {\n        stack(name: $name) {\n          ...StackBrief\n        }\n      }\n    ": types.StackBriefByNameDocument,
    "\n      query StackDetailsByName($name: String!) {\n        stack(name: $name) {\n          ...StackDetails\n        }\n      }\n    ": types.StackDetailsByNameDocument,
    "\n        query Stacks($first: Int!, $after: String, $includeDeleted: Boolean) {\n          stacks(first: $first, after: $after, includeDeleted: $includeDeleted) {\n            name\n            status\n            version\n            readiness {\n              ready\n              total\n            }\n            updatedAt\n            cursor\n          }\n        }\n      ": types.StacksDocument,
    "\n      query Events($name: String!, $after: Int!, $first: Int!) {\n        stack(name: $name) {\n          events(after: $after, first: $first) {\n            ...EventFields\n          }\n        }\n      }\n    ": types.EventsDocument,
    "\n      query NestedStacks($name: String!, $depth: Int!) {\n        stack(name: $name) {\n          nested(depth: $depth) {\n            id\n            name\n            status\n            parent {\n              stack {\n                name\n              }\n              resource\n            }\n            resources {\n              ...ResourceRow\n              requires {\n                name\n              }\n            }\n          }\n        }\n      }\n    ": types.NestedStacksDocument,
    "\n      mutation CreateStack($input: CreateStackInput!) {\n        createStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": types.CreateStackDocument,
    "\n      mutation UpdateStack($input: UpdateStackInput!) {\n        updateStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n          changed\n          message\n        }\n      }\n    ": types.UpdateStackDocument,
    "\n      mutation DeleteStack($input: DeleteStackInput!) {\n        deleteStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": types.DeleteStackDocument,
    "\n      mutation RollbackStack($input: RollbackStackInput!) {\n        rollbackStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": types.RollbackStackDocument,
    "\n      mutation CancelStackUpdate($input: CancelStackUpdateInput!) {\n        cancelStackUpdate(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    ": types.CancelStackUpdateDocument,
    "\n        query Graph($name: String!) {\n          stack(name: $name) {\n            version\n            resources {\n              ...GraphNode\n            }\n          }\n        }\n      ": types.GraphDocument,
    "\n      query GraphVersions($name: String!) {\n        stack(name: $name) {\n          versions {\n            number\n            resources {\n              ...GraphNode\n            }\n          }\n        }\n      }\n    ": types.GraphVersionsDocument,
    "\n      query ResourceDetails($name: String!, $resource: String!) {\n        stack(name: $name) {\n          resource(name: $resource) {\n            ...ResourceRow\n            id\n            failureReason\n            version\n            deletionPolicy\n            properties\n            attributes\n            updatedAt\n            requires {\n              name\n            }\n            neededBy {\n              name\n            }\n          }\n        }\n      }\n    ": types.ResourceDetailsDocument,
    "\n      query VersionTemplate($name: String!, $number: Int!) {\n        stack(name: $name) {\n          version\n          atVersion(number: $number) {\n            number\n            template\n            parameters\n          }\n        }\n      }\n    ": types.VersionTemplateDocument,
    "\n      mutation CheckStack($input: CheckStackInput!) {\n        checkStack(input: $input) {\n          stack {\n            status\n            statusReason\n            resources {\n              name\n              type\n              drift {\n                status\n                checkedAt\n                differences {\n                  property\n                  expected\n                  actual\n                }\n              }\n            }\n          }\n        }\n      }\n    ": types.CheckStackDocument,
    "\n      mutation AbandonStack($input: AbandonStackInput!) {\n        abandonStack(input: $input) {\n          adoptData\n          stack {\n            status\n          }\n        }\n      }\n    ": types.AbandonStackDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StackBrief on Stack {\n    name\n    status\n    statusReason\n    version\n    lastGoodVersion\n    disableRollback\n  }\n"): typeof import('./graphql.js').StackBriefFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ResourceRow on Resource {\n    name\n    type\n    status\n    statusReason\n    observedReady\n    retryCount\n    physicalResourceId\n  }\n"): typeof import('./graphql.js').ResourceRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StackDetails on Stack {\n    ...StackBrief\n    failureReason\n    timeoutSeconds\n    createdAt\n    updatedAt\n    readiness {\n      ready\n      total\n    }\n    outputs\n    resources {\n      ...ResourceRow\n    }\n  }\n"): typeof import('./graphql.js').StackDetailsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PreviewResult on StackPreview {\n    exists\n    fromVersion\n    noChange\n    plan {\n      name\n      type\n      action\n      reason\n      knownAfterApply\n      properties {\n        name\n        old\n        new\n        knownAfterApply\n        forcesReplacement\n      }\n    }\n    summary {\n      add\n      update\n      replace\n      delete\n      unchanged\n      text\n    }\n  }\n"): typeof import('./graphql.js').PreviewResultFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment GraphNode on Resource {\n    name\n    type\n    status\n    requires {\n      name\n    }\n  }\n"): typeof import('./graphql.js').GraphNodeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventFields on Event {\n    sequence\n    stackName\n    at\n    type\n    resourceName\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n  }\n"): typeof import('./graphql.js').EventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StackEvents($name: String!, $after: Int, $nested: Boolean) {\n    stackEvents(name: $name, after: $after, nested: $nested) {\n      ...EventFields\n    }\n  }\n"): typeof import('./graphql.js').StackEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Readiness($name: String!) {\n    resourceReadiness(name: $name) {\n      ready\n      total\n      justReady\n      status\n    }\n  }\n"): typeof import('./graphql.js').ReadinessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query StackBriefByName($name: String!) {\n        stack(name: $name) {\n          ...StackBrief\n        }\n      }\n    "): typeof import('./graphql.js').StackBriefByNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query StackDetailsByName($name: String!) {\n        stack(name: $name) {\n          ...StackDetails\n        }\n      }\n    "): typeof import('./graphql.js').StackDetailsByNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Stacks($first: Int!, $after: String, $includeDeleted: Boolean) {\n          stacks(first: $first, after: $after, includeDeleted: $includeDeleted) {\n            name\n            status\n            version\n            readiness {\n              ready\n              total\n            }\n            updatedAt\n            cursor\n          }\n        }\n      "): typeof import('./graphql.js').StacksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query Events($name: String!, $after: Int!, $first: Int!) {\n        stack(name: $name) {\n          events(after: $after, first: $first) {\n            ...EventFields\n          }\n        }\n      }\n    "): typeof import('./graphql.js').EventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query NestedStacks($name: String!, $depth: Int!) {\n        stack(name: $name) {\n          nested(depth: $depth) {\n            id\n            name\n            status\n            parent {\n              stack {\n                name\n              }\n              resource\n            }\n            resources {\n              ...ResourceRow\n              requires {\n                name\n              }\n            }\n          }\n        }\n      }\n    "): typeof import('./graphql.js').NestedStacksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation CreateStack($input: CreateStackInput!) {\n        createStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    "): typeof import('./graphql.js').CreateStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation UpdateStack($input: UpdateStackInput!) {\n        updateStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n          changed\n          message\n        }\n      }\n    "): typeof import('./graphql.js').UpdateStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation DeleteStack($input: DeleteStackInput!) {\n        deleteStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    "): typeof import('./graphql.js').DeleteStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation RollbackStack($input: RollbackStackInput!) {\n        rollbackStack(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    "): typeof import('./graphql.js').RollbackStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation CancelStackUpdate($input: CancelStackUpdateInput!) {\n        cancelStackUpdate(input: $input) {\n          stack {\n            ...StackBrief\n          }\n        }\n      }\n    "): typeof import('./graphql.js').CancelStackUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Graph($name: String!) {\n          stack(name: $name) {\n            version\n            resources {\n              ...GraphNode\n            }\n          }\n        }\n      "): typeof import('./graphql.js').GraphDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query GraphVersions($name: String!) {\n        stack(name: $name) {\n          versions {\n            number\n            resources {\n              ...GraphNode\n            }\n          }\n        }\n      }\n    "): typeof import('./graphql.js').GraphVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query ResourceDetails($name: String!, $resource: String!) {\n        stack(name: $name) {\n          resource(name: $resource) {\n            ...ResourceRow\n            id\n            failureReason\n            version\n            deletionPolicy\n            properties\n            attributes\n            updatedAt\n            requires {\n              name\n            }\n            neededBy {\n              name\n            }\n          }\n        }\n      }\n    "): typeof import('./graphql.js').ResourceDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query VersionTemplate($name: String!, $number: Int!) {\n        stack(name: $name) {\n          version\n          atVersion(number: $number) {\n            number\n            template\n            parameters\n          }\n        }\n      }\n    "): typeof import('./graphql.js').VersionTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation CheckStack($input: CheckStackInput!) {\n        checkStack(input: $input) {\n          stack {\n            status\n            statusReason\n            resources {\n              name\n              type\n              drift {\n                status\n                checkedAt\n                differences {\n                  property\n                  expected\n                  actual\n                }\n              }\n            }\n          }\n        }\n      }\n    "): typeof import('./graphql.js').CheckStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation AbandonStack($input: AbandonStackInput!) {\n        abandonStack(input: $input) {\n          adoptData\n          stack {\n            status\n          }\n        }\n      }\n    "): typeof import('./graphql.js').AbandonStackDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
