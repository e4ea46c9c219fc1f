import type { TestProject } from 'vitest/node';
import { rm } from 'node:fs/promises';
import { instanceDir, startInstance, type Neo4jInstance } from '../../scripts/neo4j/runtime.ts';

export interface TestNeo4j {
  uri: string;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

/**
 * Starts the integration tests' own Neo4j: an instance "test-<pid>" under .neo4j/, new for every run
 * and removed afterwards, on free ports, so it never touches the dev server's data and two test
 * runs at once never share a database. TEST_NEO4J_URI (+ TEST_NEO4J_USER,
 * TEST_NEO4J_PASSWORD) uses an existing server instead. NEO4J_URI is deliberately ignored here:
 * tests write data and must not land in the service's database by accident.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_NEO4J_URI) {
    project.provide('neo4j', {
      uri: process.env.TEST_NEO4J_URI,
      user: process.env.TEST_NEO4J_USER ?? 'neo4j',
      password: process.env.TEST_NEO4J_PASSWORD ?? '',
    });
    return () => Promise.resolve();
  }
  const started = Date.now();
  const name = `test-${process.pid}`;
  const instance: Neo4jInstance = await startInstance({
    name,
    fresh: true,
    log: (line) => console.log(`[neo4j] ${line}`),
  });
  console.log(`[neo4j] test instance ready at ${instance.boltUri} in ${Date.now() - started} ms`);
  project.provide('neo4j', { uri: instance.boltUri, user: instance.user, password: instance.password });
  return async () => {
    await instance.stop();
    await rm(instanceDir(name), { recursive: true, force: true });
  };
}
