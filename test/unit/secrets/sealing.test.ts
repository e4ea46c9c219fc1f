import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MASK } from '../../../src/secrets/index.ts';
import { hiddenValues, maskEncrypted, redactText, SecretCodec } from '../../../src/secrets/sealing.ts';

const codec = new SecretCodec(randomBytes(32));
const role = {
  properties: { name: { type: 'string' as const }, password: { type: 'string' as const, secret: true } },
  attributes: {
    value: { description: 'generated', secret: true },
    url: { description: 'plain' },
  },
};

describe('sealing secrets for storage', () => {
  it('seals schema-secret properties and any value holding a known secret; open restores them and reports what it found', () => {
    const known = new Set(['hunter22']);
    const sealed = codec.sealProperties(
      role,
      { name: 'app', password: 'p4ssword', note: { dsn: 'postgres://app:hunter22@db' }, list: ['hunter22'] },
      known,
    );
    const text = JSON.stringify(sealed);
    expect(text).not.toContain('p4ssword');
    expect(text).not.toContain('hunter22');
    expect(sealed.name).toBe('app');
    const found = new Set<string>();
    expect(codec.open(sealed, found)).toEqual({
      name: 'app',
      password: 'p4ssword',
      note: { dsn: 'postgres://app:hunter22@db' },
      list: ['hunter22'],
    });
    expect([...found].sort()).toEqual(['hunter22', 'p4ssword', 'postgres://app:hunter22@db']);
    expect(maskEncrypted(sealed)).toEqual({ name: 'app', password: MASK, note: { dsn: MASK }, list: [MASK] });
  });

  it('seals secret attributes by schema, masks embedded ciphertexts and redacts free text', () => {
    const sealed = codec.sealAttributes(role, { value: 's3cr3t-value', url: 'http://x' }, new Set());
    expect(sealed.url).toBe('http://x');
    expect(sealed.value).not.toBe('s3cr3t-value');
    expect(maskEncrypted(`pw=${String(sealed.value)};`)).toBe(`pw=${MASK};`);
    expect(redactText('login failed for s3cr3t-value', new Set(['s3cr3t-value']))).toBe(
      `login failed for ${MASK}`,
    );
  });

  it('environments: hidden parameter values are sealed in place (comments kept) and opened back', () => {
    const env =
      '# mine\nparameters:\n  password: hunter22\n  size: 3\nparameter_defaults:\n  password: other-pw\n';
    const sealed = codec.sealEnvironment(env, ['password']);
    expect(sealed).toContain('# mine');
    expect(sealed).toContain('size: 3');
    expect(sealed).not.toContain('hunter22');
    expect(sealed).not.toContain('other-pw');
    expect(codec.openEnvironment(sealed)).toBe(env);
    expect(codec.sealEnvironment(env, [])).toBe(env);
  });

  it('hidden values collect every hidden leaf as text', () => {
    expect([...hiddenValues({ a: 'x1', b: 7, c: { d: 'y2' }, e: 'shown' }, ['a', 'b', 'c'])].sort()).toEqual([
      '7',
      'x1',
      'y2',
    ]);
  });
});
