// The page's GraphQL operations, in one place so `npm run codegen` can read them: codegen checks
// each against schema/ (`npm test` fails on a field that does not exist) and generates their
// result types into operations.generated.d.ts, which app.js names in JSDoc. Fragments instead of
// interpolated field lists, so every document can be read without running this file.

const EVENT_FIELDS = /* GraphQL */ `
  fragment PageEvent on Event {
    sequence
    at
    type
    resourceName
    resourceId
    status
    reason
    observedReady
    physicalResourceId
    version
  }
`;

const SNAPSHOT_FIELDS = /* GraphQL */ `
  fragment PageSnapshot on Stack {
    id
    name
    status
    statusReason
    version
    lastGoodVersion
    readiness {
      ready
      total
    }
    versions {
      number
      status
      action
      rollbackOf
      description
      createdAt
    }
    resources {
      name
      type
      status
      statusReason
      observedReady
      physicalResourceId
      requires {
        name
      }
    }
    nested {
      ...PageNestedStack
    }
  }
`;

const NESTED_FIELDS = /* GraphQL */ `
  fragment PageNestedStack on Stack {
    id
    name
    status
    parent {
      resource
    }
  }
`;

export const STACKS_QUERY = /* GraphQL */ `
  query Stacks($first: Int, $after: String, $includeDeleted: Boolean) {
    stacks(first: $first, after: $after, includeDeleted: $includeDeleted) {
      name
      status
      version
      readiness {
        ready
        total
      }
      cursor
    }
  }
`;

export const OPEN_QUERY = /* GraphQL */ `
  query OpenStack($name: String!) {
    stack(name: $name) {
      ...PageSnapshot
      events(after: 0, first: 1000) {
        ...PageEvent
      }
    }
  }
  ${SNAPSHOT_FIELDS}
  ${NESTED_FIELDS}
  ${EVENT_FIELDS}
`;

export const SNAPSHOT_QUERY = /* GraphQL */ `
  query StackSnapshot($name: String!) {
    stack(name: $name) {
      ...PageSnapshot
    }
  }
  ${SNAPSHOT_FIELDS}
  ${NESTED_FIELDS}
`;

/** The nested stacks a stack's resources own (read again when one may have been created). */
export const NESTED_OWNERS_QUERY = /* GraphQL */ `
  query NestedOwners($name: String!) {
    stack(name: $name) {
      id
      nested {
        ...PageNestedStack
      }
    }
  }
  ${NESTED_FIELDS}
`;

export const EVENTS_QUERY = /* GraphQL */ `
  query StackEventsPage($name: String!, $after: Int!) {
    stack(name: $name) {
      status
      version
      readiness {
        ready
        total
      }
      events(after: $after, first: 1000) {
        ...PageEvent
      }
    }
  }
  ${EVENT_FIELDS}
`;

export const RESOURCE_QUERY = /* GraphQL */ `
  query ResourceDetails($name: String!, $resource: String!) {
    stack(name: $name) {
      version
      resource(name: $resource) {
        id
        name
        type
        status
        statusReason
        failureReason
        observedReady
        retryCount
        physicalResourceId
        properties
        attributes
        deletionPolicy
        version
        updatedAt
        requires {
          name
        }
        neededBy {
          name
        }
      }
    }
  }
`;

export const DIFF_QUERY = /* GraphQL */ `
  query StackDiff($name: String!, $from: Int!, $to: Int!) {
    stack(name: $name) {
      diff(from: $from, to: $to) {
        from
        to
        changes {
          name
          change
          properties
          reason
          recorded
        }
      }
    }
  }
`;

export const EVENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription LiveEvents($name: String!, $after: Int) {
    stackEvents(name: $name, after: $after) {
      ...PageEvent
    }
  }
  ${EVENT_FIELDS}
`;

export const READINESS_SUBSCRIPTION = /* GraphQL */ `
  subscription LiveReadiness($name: String!) {
    resourceReadiness(name: $name) {
      ready
      total
      status
    }
  }
`;

/** Events of the stack and of its nested stacks, every level, each naming its stack (expanded nested stacks). */
export const NESTED_EVENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription LiveNestedEvents($name: String!, $after: Int) {
    stackEvents(name: $name, after: $after, nested: true) {
      ...PageEvent
      stackId
      stackName
    }
  }
  ${EVENT_FIELDS}
`;
