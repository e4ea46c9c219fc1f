import { decryptSecret, isEncrypted } from '../../src/secrets/index.ts';
import type { Database } from '../../src/store/database.ts';
import { TEST_SECRETS_KEY } from './app.ts';

/**
 * The clear value of a secret attribute of a stack's current resource, read from Neo4j and
 * decrypted with the tests' SECRETS_KEY (the API only ever shows it masked). Throws when the stored
 * value is not encrypted.
 */
export async function storedSecretAttribute(
  db: Database,
  stack: string,
  resource: string,
  attribute: string,
): Promise<string> {
  const rows = await db.runText(
    `MATCH (:Stack {liveName: $stack})-[:CURRENT_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(r:Resource {name: $resource})
     RETURN r.attributes AS attributes`,
    { stack, resource },
  );
  const attributes = JSON.parse(String(rows[0]?.attributes ?? '{}')) as Record<string, unknown>;
  const stored = attributes[attribute];
  if (!isEncrypted(stored)) throw new Error(`${stack}/${resource}.${attribute} is not stored encrypted`);
  return decryptSecret(stored, Buffer.from(TEST_SECRETS_KEY, 'base64'));
}

/** Every property of every Neo4j node and relationship, as one JSON text to search for secrets. */
export async function everyStoredProperty(db: Database): Promise<string> {
  const nodes = await db.runText('MATCH (n) RETURN properties(n) AS p');
  const relationships = await db.runText('MATCH ()-[r]->() RETURN properties(r) AS p');
  return JSON.stringify(
    [...nodes, ...relationships].map((r) => r.p),
    (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  );
}
