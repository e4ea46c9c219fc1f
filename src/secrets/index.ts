import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PropertySchema, ResourceTypeSchema } from '../resources/types.ts';

/**
 * Secret values at rest: AES-256-GCM with a 32-byte key from `SECRETS_KEY` (base64). The stored
 * form is `enc:v1:<iv>:<tag>:<ciphertext>` (base64 parts) so a reader can tell an encrypted value
 * from a clear one, and a later key format can change the version tag.
 */
const PREFIX = 'enc:v1:';
export const MASK = '******';

export class SecretsError extends Error {
  override name = 'SecretsError';
}

/** Parses a base64 key; throws when it is not exactly 32 bytes. */
export function parseSecretsKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new SecretsError('SECRETS_KEY must be 32 bytes encoded as base64');
  return key;
}

/**
 * The key from `SECRETS_KEY`; without it, in local mode only, a key generated once and kept in
 * `<dir>/secrets.key` (mode 0600) so restarts can read what earlier runs encrypted.
 */
export function loadSecretsKey(options: { env?: NodeJS.ProcessEnv; local: boolean; dir?: string }): Buffer {
  const env = options.env ?? process.env;
  if (env.SECRETS_KEY) return parseSecretsKey(env.SECRETS_KEY);
  if (!options.local)
    throw new SecretsError(
      'SECRETS_KEY is required when authentication is on (generate: openssl rand -base64 32)',
    );
  const file = join(options.dir ?? '.convergence', 'secrets.key');
  if (existsSync(file)) return parseSecretsKey(readFileSync(file, 'utf8'));
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  // `wx`: two processes starting together must not overwrite each other's key.
  try {
    writeFileSync(file, key.toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return parseSecretsKey(readFileSync(file, 'utf8'));
    throw error;
  }
  chmodSync(file, 0o600);
  return key;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PREFIX}${iv.toString('base64')}:${tag.toString('base64')}:${data.toString('base64')}`;
}

/** Decrypts what encryptSecret produced; a clear value is returned as is; a tampered one throws. */
export function decryptSecret(value: string, key: Buffer): string {
  if (!isEncrypted(value)) return value;
  const [iv, tag, data] = value.slice(PREFIX.length).split(':');
  if (iv === undefined || tag === undefined || data === undefined)
    throw new SecretsError('malformed encrypted value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretsError('cannot decrypt a secret value (wrong SECRETS_KEY, or the value was altered)');
  }
}

/** Names of the secret properties of a type, as paths (`password`, `users.*.password`). */
export function secretPaths(type: Pick<ResourceTypeSchema, 'properties'>): string[] {
  const out: string[] = [];
  const walk = (schema: Record<string, PropertySchema>, prefix: string) => {
    for (const [name, prop] of Object.entries(schema)) {
      const path = prefix + name;
      if (prop.secret) out.push(path);
      if (prop.schema) walk(prop.schema, `${path}.`);
      if (prop.items?.schema) walk(prop.items.schema, `${path}.*.`);
      else if (prop.items?.secret) out.push(`${path}.*`);
    }
  };
  walk(type.properties, '');
  return out;
}

/**
 * A copy of `properties` with every value the schema marks `secret: true` replaced, at any depth
 * of map shapes and list items. `replace` defaults to the mask; pass encryptSecret to persist.
 */
export function transformSecrets(
  type: Pick<ResourceTypeSchema, 'properties'>,
  properties: Record<string, unknown>,
  replace: (value: unknown) => unknown,
): Record<string, unknown> {
  return transformMap(type.properties, properties, replace);
}

export function maskSecrets(
  type: Pick<ResourceTypeSchema, 'properties'>,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return transformSecrets(type, properties, (v) => (v === undefined || v === null ? v : MASK));
}

function transformMap(
  schema: Record<string, PropertySchema>,
  value: Record<string, unknown>,
  replace: (value: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [name, prop] of Object.entries(schema)) {
    if (!(name in out)) continue;
    out[name] = transformValue(prop, out[name], replace);
  }
  return out;
}

function transformValue(prop: PropertySchema, value: unknown, replace: (value: unknown) => unknown): unknown {
  if (prop.secret) return replace(value);
  if (prop.schema && isRecord(value)) return transformMap(prop.schema, value, replace);
  const items = prop.items;
  if (items && Array.isArray(value)) return value.map((v: unknown) => transformValue(items, v, replace));
  return value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
