import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResourceTypeSchema } from '../../../src/resources/types.ts';
import {
  MASK,
  decryptSecret,
  encryptSecret,
  isEncrypted,
  loadSecretsKey,
  maskSecrets,
  parseSecretsKey,
  secretPaths,
  transformSecrets,
} from '../../../src/secrets/index.ts';

const key = Buffer.alloc(32, 7);

describe('secrets', () => {
  it('AES-256-GCM round trip; every encryption differs; the clear text does not appear', () => {
    const a = encryptSecret('hunter2', key);
    const b = encryptSecret('hunter2', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(isEncrypted(a)).toBe(true);
    expect(isEncrypted('hunter2')).toBe(false);
    expect(decryptSecret(a, key)).toBe('hunter2');
    expect(decryptSecret(encryptSecret('', key), key)).toBe('');
    expect(decryptSecret(encryptSecret('ünï 🔑', key), key)).toBe('ünï 🔑');
  });

  it('refuses a wrong key or an altered value', () => {
    const a = encryptSecret('hunter2', key);
    expect(() => decryptSecret(a, Buffer.alloc(32, 8))).toThrow(/cannot decrypt/);
    const parts = a.split(':');
    const data = Buffer.from(parts[4]!, 'base64');
    data[0]! ^= 1;
    parts[4] = data.toString('base64');
    expect(() => decryptSecret(parts.join(':'), key)).toThrow(/cannot decrypt/);
    expect(() => decryptSecret('enc:v1:x', key)).toThrow(/malformed/);
  });

  it('keys: SECRETS_KEY must be 32 bytes; local mode generates one file and reuses it; otherwise it is required', () => {
    expect(() => parseSecretsKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
    const env = { SECRETS_KEY: key.toString('base64') };
    expect(loadSecretsKey({ env, local: false }).equals(key)).toBe(true);
    expect(() => loadSecretsKey({ env: {}, local: false })).toThrow(/SECRETS_KEY is required/);
    const dir = join(mkdtempSync(join(tmpdir(), 'secrets-')), '.convergence');
    const first = loadSecretsKey({ env: {}, local: true, dir });
    const second = loadSecretsKey({ env: {}, local: true, dir });
    expect(first.equals(second)).toBe(true);
    expect(first).toHaveLength(32);
    expect(readFileSync(join(dir, 'secrets.key'), 'utf8').trim()).toBe(first.toString('base64'));
    expect(statSync(join(dir, 'secrets.key')).mode & 0o077).toBe(0);
  });

  it('masks secret properties at any depth, leaving the rest and the input untouched', () => {
    const type: Pick<ResourceTypeSchema, 'properties'> = {
      properties: {
        name: { type: 'string' },
        password: { type: 'string', secret: true },
        users: {
          type: 'list',
          items: {
            type: 'map',
            schema: { name: { type: 'string' }, token: { type: 'string', secret: true } },
          },
        },
        auth: { type: 'map', schema: { key: { type: 'string', secret: true } } },
      },
    };
    const props = {
      name: 'app',
      password: 'p',
      users: [{ name: 'a', token: 't' }],
      auth: { key: 'k' },
      other: 1,
    };
    expect(maskSecrets(type, props)).toEqual({
      name: 'app',
      password: MASK,
      users: [{ name: 'a', token: MASK }],
      auth: { key: MASK },
      other: 1,
    });
    expect(props.password).toBe('p');
    expect(maskSecrets(type, { name: 'x' })).toEqual({ name: 'x' });
    expect(secretPaths(type)).toEqual(['password', 'users.*.token', 'auth.key']);
    const sealed = transformSecrets(type, props, (v) => encryptSecret(String(v), key));
    expect(isEncrypted(sealed.password)).toBe(true);
    expect(decryptSecret(sealed.password as string, key)).toBe('p');
  });
});
