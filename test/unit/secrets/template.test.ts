import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { maskEncrypted, SecretCodec } from '../../../src/secrets/sealing.ts';

const codec = new SecretCodec(randomBytes(32));
/** Secret paths as a registry would give them: roles have a password, groups a users' list. */
const paths = (_name: string, type: string | undefined): readonly string[] =>
  type === 'PostgreSQL::Role' ? ['password'] : type === 'Group' ? ['users.*.password'] : [];

describe('literal secrets in a template text', () => {
  it('seals a YAML template in place: secret properties, hidden defaults and values holding them; opening gives the exact text back', () => {
    const text = [
      'heat_template_version: 2018-08-31',
      '# the app role',
      'parameters:',
      '  admin_pw: {type: string, hidden: true, default: "s3cret-default"}',
      '  plain: {type: string, default: visible}',
      'resources:',
      '  role:',
      '    type: PostgreSQL::Role',
      '    properties: {name: app, login: true, password: hunter2-literal}  # trailing comment',
      '  other:',
      '    type: PostgreSQL::Role',
      '    properties:',
      '      name: other',
      '      password: {get_param: admin_pw}',
      '  group:',
      '    type: Group',
      '    properties:',
      '      users:',
      "        - {name: a, password: 'quoted-pw-1'}",
      '        - name: b',
      '          password: |',
      '            block-pw-2',
      '  dsn:',
      '    type: OS::Heat::Value',
      '    properties: {value: "postgresql://app:hunter2-literal@db/app"}',
      'outputs:',
      '  role_name: {value: {get_attr: [role, name]}}',
      '',
    ].join('\n');
    const sealed = codec.sealTemplate(text, paths);
    for (const secret of ['hunter2-literal', 's3cret-default', 'quoted-pw-1', 'block-pw-2'])
      expect(sealed.text).not.toContain(secret);
    expect(sealed.values.sort()).toEqual([
      'block-pw-2\n',
      'hunter2-literal',
      'quoted-pw-1',
      's3cret-default',
    ]);
    // The rest is kept as written: comments, names, references, plain parameters.
    for (const kept of [
      '# the app role',
      '# trailing comment',
      'name: other',
      '{get_param: admin_pw}',
      'visible',
    ])
      expect(sealed.text).toContain(kept);
    // Still a template: the same structure, with sealed strings where the secrets were.
    const doc = parse(sealed.text) as { resources: Record<string, { properties: Record<string, unknown> }> };
    expect(doc.resources.role!.properties.name).toBe('app');
    expect(String(doc.resources.role!.properties.password)).toMatch(/^enc:v1:/);
    expect(doc.resources.other!.properties.password).toEqual({ get_param: 'admin_pw' });
    // Opening restores the exact text sent (so an update repeating it changes nothing).
    expect(codec.openTemplate(sealed.text)).toBe(text);
    // An answer shows the stored text masked.
    const shown = maskEncrypted(sealed.text);
    expect(shown).toContain('password: "******"');
    expect(shown).not.toContain('enc:v1:');
  });

  it('seals a JSON template and keeps it JSON; a template without literal secrets is left alone', () => {
    const text = JSON.stringify(
      {
        heat_template_version: '2018-08-31',
        resources: { role: { type: 'PostgreSQL::Role', properties: { name: 'r', password: 12345678 } } },
      },
      null,
      2,
    );
    const sealed = codec.sealTemplate(text, paths);
    expect(sealed.text).not.toContain('12345678');
    expect(sealed.values).toEqual(['12345678']);
    const json = JSON.parse(sealed.text) as { resources: { role: { properties: Record<string, unknown> } } };
    expect(json.resources.role.properties.name).toBe('r');
    expect(codec.openTemplate(sealed.text)).toBe(text);

    const none = 'resources:\n  role: {type: PostgreSQL::Role, properties: {password: {get_param: pw}}}\n';
    expect(codec.sealTemplate(none, paths)).toEqual({ text: none, values: [] });
  });

  it('follows an alias to its anchor, and a sealed-looking value a user wrote comes back as written', () => {
    const text = [
      'x-secrets:',
      '  pw: &pw anchored-pw',
      'resources:',
      '  role: {type: PostgreSQL::Role, properties: {password: *pw}}',
      '  note: {type: OS::Heat::Value, properties: {value: "enc:v1:AAAA:BBBB:CCCC"}}',
      '',
    ].join('\n');
    const sealed = codec.sealTemplate(text, paths);
    expect(sealed.text).not.toContain('anchored-pw');
    expect(sealed.text).not.toContain('enc:v1:AAAA');
    expect(codec.openTemplate(sealed.text)).toBe(text);
    // Sealed by another key: not opened, kept as is.
    const foreign = new SecretCodec(randomBytes(32)).sealTemplate(text, paths).text;
    expect(codec.openTemplate(foreign)).toBe(foreign);
  });

  it("seals a group's member definition by the member type's secret properties", () => {
    const text = [
      'resources:',
      '  roles:',
      '    type: OS::Heat::ResourceGroup',
      '    properties:',
      '      count: 2',
      '      resource_def: {type: PostgreSQL::Role, properties: {name: r%index%, password: group-pw-9}}',
      '',
    ].join('\n');
    const sealed = codec.sealTemplate(text, paths);
    expect(sealed.text).not.toContain('group-pw-9');
    expect(sealed.text).toContain('name: r%index%');
    expect(sealed.values).toEqual(['group-pw-9']);
    expect(codec.openTemplate(sealed.text)).toBe(text);
  });

  it("seals a nested stack's inline template, given as text (sealed whole) or as a map", () => {
    const inner =
      'resources:\n  role: {type: PostgreSQL::Role, properties: {name: n, password: nested-pw-1}}\n';
    const text = [
      'resources:',
      '  as_text:',
      '    type: OS::Heat::Stack',
      `    properties: {template: ${JSON.stringify(inner)}}`,
      '  as_map:',
      '    type: OS::Heat::Stack',
      '    properties:',
      '      template:',
      '        resources:',
      '          role: {type: PostgreSQL::Role, properties: {name: m, password: nested-pw-2}}',
      '  plain:',
      '    type: OS::Heat::Stack',
      '    properties: {template: "resources: {}"}',
      '',
    ].join('\n');
    const sealed = codec.sealTemplate(text, paths);
    expect(sealed.text).not.toContain('nested-pw-1');
    expect(sealed.text).not.toContain('nested-pw-2');
    expect(sealed.text).toContain('name: m');
    expect(sealed.text).toContain('template: "resources: {}"');
    expect(sealed.values.sort()).toEqual(['nested-pw-1', 'nested-pw-2']);
    expect(codec.openTemplate(sealed.text)).toBe(text);
  });

  it('seals a secret list or map whole, leaf by leaf, and every scalar repeating one of its values', () => {
    // As secretPaths gives them: a list whose items are secret, a whole map and a whole list marked secret.
    const vaultPaths = (_name: string, type: string | undefined): readonly string[] =>
      type === 'Vault' ? ['keys.*', 'creds', 'tokens'] : [];
    const text = [
      'resources:',
      '  vault:',
      '    type: Vault',
      '    properties:',
      '      name: v',
      '      keys: [list-key-1, "list-key-2"]',
      '      creds: {user: map-user-1, nested: {pw: map-pw-2}, ref: {get_param: other}}',
      '      tokens:',
      '        - tok-1',
      '        - {inner: tok-2}',
      '  dsn:',
      '    type: OS::Heat::Value',
      '    properties: {value: "k=list-key-2;pw=map-pw-2;t=tok-2", other: map-user-1}',
      '',
    ].join('\n');
    const sealed = codec.sealTemplate(text, vaultPaths);
    const secrets = ['list-key-1', 'list-key-2', 'map-user-1', 'map-pw-2', 'tok-1', 'tok-2'];
    for (const secret of secrets) expect(sealed.text).not.toContain(secret);
    expect(sealed.values.sort()).toEqual([...secrets].sort());
    expect(sealed.text).toContain('{get_param: other}');
    expect(sealed.text).toContain('name: v');
    expect(codec.openTemplate(sealed.text)).toBe(text);
    expect(maskEncrypted(sealed.text)).toContain('keys: ["******", "******"]');
  });

  it('seals any scalar holding a secret known from elsewhere (another file of the version)', () => {
    const text = 'resources:\n  dsn: {type: OS::Heat::Value, properties: {value: "pw=from-a-file-1"}}\n';
    expect(codec.sealTemplate(text, paths).text).toBe(text);
    const sealed = codec.sealTemplate(text, paths, new Set(['from-a-file-1']));
    expect(sealed.text).not.toContain('from-a-file-1');
    expect(sealed.values).toEqual([]);
    expect(codec.openTemplate(sealed.text)).toBe(text);
  });
});

describe('sealing the same text again (its parse is reused)', () => {
  const text = [
    'heat_template_version: 2018-08-31',
    'resources:',
    '  role:',
    '    type: PostgreSQL::Role',
    '    properties: {name: app, password: first-secret}',
    '  note:',
    '    type: OS::Heat::Value',
    '    properties: {value: "uses known-value-9 here"}',
  ].join('\n');

  it('seals by the options of each call, not by those of the first', () => {
    const byPaths = codec.sealTemplate(text, paths);
    expect(byPaths.values).toEqual(['first-secret']);
    expect(byPaths.text).not.toContain('first-secret');
    expect(byPaths.text).toContain('known-value-9');

    // Same text, another type mapping and a known value: other scalars sealed.
    const byKnown = codec.sealTemplate(text, () => [], new Set(['known-value-9']));
    expect(byKnown.values).toEqual([]);
    expect(byKnown.text).toContain('first-secret');
    expect(byKnown.text).not.toContain('known-value-9');

    // Nothing to seal: the text as it was, and the earlier seals left no trace in it.
    expect(codec.sealTemplate(text, () => [])).toEqual({ text, values: [] });
    expect(codec.openTemplate(byPaths.text)).toBe(text);
    expect(codec.openTemplate(byKnown.text)).toBe(text);
  });
});
