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
    "\n  fragment FaultEvent on Event {\n    sequence\n    type\n    resourceName\n    resourceId\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n    operation\n  }\n": typeof types.FaultEventFragmentDoc,
    "\n  query FaultStack($name: String!) {\n    stack(name: $name) {\n      id\n      name\n      status\n      statusReason\n      version\n      lastGoodVersion\n      rollbackPending\n      lastEventSequence\n      resources {\n        id\n        name\n        status\n        statusReason\n        observedReady\n        physicalResourceId\n      }\n    }\n  }\n": typeof types.FaultStackDocument,
    "\n  query FaultEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        ...FaultEvent\n      }\n    }\n  }\n": typeof types.FaultEventsPageDocument,
    "\n  subscription FaultStackEvents($name: String!) {\n    stackEvents(name: $name, after: 0) {\n      ...FaultEvent\n    }\n  }\n": typeof types.FaultStackEventsDocument,
    "\n  fragment LoadEvent on Event {\n    sequence\n    at\n    type\n    resourceName\n    resourceId\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n    operation\n  }\n": typeof types.LoadEventFragmentDoc,
    "\n  query LoadEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        ...LoadEvent\n      }\n    }\n  }\n": typeof types.LoadEventsPageDocument,
    "\n  subscription LoadStackEvents($name: String!) {\n    stackEvents(name: $name, after: 0) {\n      ...LoadEvent\n    }\n  }\n": typeof types.LoadStackEventsDocument,
    "\n  query StackEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        sequence\n        type\n        resourceName\n        status\n        reason\n        observedReady\n        version\n      }\n    }\n  }\n": typeof types.StackEventsPageDocument,
};
const documents: Documents = {
    "\n  fragment FaultEvent on Event {\n    sequence\n    type\n    resourceName\n    resourceId\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n    operation\n  }\n": types.FaultEventFragmentDoc,
    "\n  query FaultStack($name: String!) {\n    stack(name: $name) {\n      id\n      name\n      status\n      statusReason\n      version\n      lastGoodVersion\n      rollbackPending\n      lastEventSequence\n      resources {\n        id\n        name\n        status\n        statusReason\n        observedReady\n        physicalResourceId\n      }\n    }\n  }\n": types.FaultStackDocument,
    "\n  query FaultEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        ...FaultEvent\n      }\n    }\n  }\n": types.FaultEventsPageDocument,
    "\n  subscription FaultStackEvents($name: String!) {\n    stackEvents(name: $name, after: 0) {\n      ...FaultEvent\n    }\n  }\n": types.FaultStackEventsDocument,
    "\n  fragment LoadEvent on Event {\n    sequence\n    at\n    type\n    resourceName\n    resourceId\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n    operation\n  }\n": types.LoadEventFragmentDoc,
    "\n  query LoadEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        ...LoadEvent\n      }\n    }\n  }\n": types.LoadEventsPageDocument,
    "\n  subscription LoadStackEvents($name: String!) {\n    stackEvents(name: $name, after: 0) {\n      ...LoadEvent\n    }\n  }\n": types.LoadStackEventsDocument,
    "\n  query StackEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        sequence\n        type\n        resourceName\n        status\n        reason\n        observedReady\n        version\n      }\n    }\n  }\n": types.StackEventsPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FaultEvent on Event {\n    sequence\n    type\n    resourceName\n    resourceId\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n    operation\n  }\n"): typeof import('./graphql.js').FaultEventFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FaultStack($name: String!) {\n    stack(name: $name) {\n      id\n      name\n      status\n      statusReason\n      version\n      lastGoodVersion\n      rollbackPending\n      lastEventSequence\n      resources {\n        id\n        name\n        status\n        statusReason\n        observedReady\n        physicalResourceId\n      }\n    }\n  }\n"): typeof import('./graphql.js').FaultStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FaultEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        ...FaultEvent\n      }\n    }\n  }\n"): typeof import('./graphql.js').FaultEventsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FaultStackEvents($name: String!) {\n    stackEvents(name: $name, after: 0) {\n      ...FaultEvent\n    }\n  }\n"): typeof import('./graphql.js').FaultStackEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LoadEvent on Event {\n    sequence\n    at\n    type\n    resourceName\n    resourceId\n    status\n    reason\n    observedReady\n    physicalResourceId\n    version\n    operation\n  }\n"): typeof import('./graphql.js').LoadEventFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoadEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        ...LoadEvent\n      }\n    }\n  }\n"): typeof import('./graphql.js').LoadEventsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LoadStackEvents($name: String!) {\n    stackEvents(name: $name, after: 0) {\n      ...LoadEvent\n    }\n  }\n"): typeof import('./graphql.js').LoadStackEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StackEventsPage($name: String!, $after: Int) {\n    stack(name: $name) {\n      events(after: $after, first: 1000) {\n        sequence\n        type\n        resourceName\n        status\n        reason\n        observedReady\n        version\n      }\n    }\n  }\n"): typeof import('./graphql.js').StackEventsPageDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
