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

  it('seals a secret list or map by schema leaf by leaf (shape kept, run-time references left as names)', () => {
    const vault = {
      properties: {
        keys: { type: 'list' as const, items: { type: 'string' as const, secret: true } },
        creds: { type: 'map' as const, secret: true },
        tokens: { type: 'list' as const, secret: true },
      },
    };
    const properties = {
      keys: ['key-one', { get_attr: ['other', 'value'] }],
      creds: { user: 'cred-user', nested: { pw: 'cred-pw' } },
      tokens: ['tok-a', 'tok-b'],
    };
    const sealed = codec.sealProperties(vault, properties, new Set());
    const text = JSON.stringify(sealed);
    for (const secret of ['key-one', 'cred-user', 'cred-pw', 'tok-a', 'tok-b'])
      expect(text).not.toContain(secret);
    expect((sealed.keys as unknown[])[1]).toEqual({ get_attr: ['other', 'value'] });
    expect(codec.open(sealed)).toEqual(properties);
    expect(maskEncrypted(sealed)).toEqual({
      keys: [MASK, { get_attr: ['other', 'value'] }],
      creds: { user: MASK, nested: { pw: MASK } },
      tokens: [MASK, MASK],
    });
  });

  it('files: a nested template sealed in place, a text holding a known secret sealed whole; both open back exactly', () => {
    const paths = (_name: string, type: string | undefined): readonly string[] =>
      type === 'PostgreSQL::Role' ? ['password'] : [];
    const nested = [
      'heat_template_version: 2018-08-31',
      'parameters:',
      '  pin: {type: string, hidden: true, default: file-hidden-default}',
      'resources:',
      '  role: {type: PostgreSQL::Role, properties: {name: n, password: file-pw-1}}  # kept',
      '',
    ].join('\n');
    const sealed = codec.sealFile(nested, paths, new Set());
    expect(sealed.text).not.toContain('file-pw-1');
    expect(sealed.text).not.toContain('file-hidden-default');
    expect(sealed.text).toContain('# kept');
    expect(sealed.values.sort()).toEqual(['file-hidden-default', 'file-pw-1']);
    expect(codec.openFile(sealed.text)).toBe(nested);
    expect(maskEncrypted(sealed.text)).toContain('password: "******"}}  # kept');

    // A script (no template) and a template whose secret shows in a comment: sealed whole.
    const known = new Set(['known-pw-7']);
    const script = '#!/bin/sh\npsql "postgresql://app:known-pw-7@db/app"\n';
    const commented = 'resources: {}\n# the password is known-pw-7\n';
    for (const text of [script, commented]) {
      const whole = codec.sealFile(text, paths, known);
      expect(whole.text.startsWith('enc:v1:')).toBe(true);
      expect(maskEncrypted(whole.text)).toBe(MASK);
      expect(codec.openFile(whole.text)).toBe(text);
    }
    // A file holding no secret, and one holding what looks sealed (sealed, so it opens as written).
    const plain = 'resources:\n  x: {type: OS::Heat::None}\n';
    expect(codec.sealFile(plain, paths, known).text).toBe(plain);
    const looksSealed = 'enc:v1:not:really:sealed';
    expect(codec.sealFile(looksSealed, paths, known).text).not.toBe(looksSealed);
    expect(codec.openFile(codec.sealFile(looksSealed, paths, known).text)).toBe(looksSealed);
    expect(
      codec.openFiles({ 'a.yaml': sealed.text, 'b.sh': codec.sealFile(script, paths, known).text }),
    ).toEqual({
      'a.yaml': nested,
      'b.sh': script,
    });
  });
});
