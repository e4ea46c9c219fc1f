import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles, getFilePaths, registryPaths, templateTypePaths } from '../../../src/cli/files.ts';

/** An in-memory folder tree standing in for the disk. */
function reader(tree: Record<string, string>) {
  const reads: string[] = [];
  const read = (path: string) => {
    reads.push(path);
    const text = tree[path];
    if (text === undefined) {
      return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
    }
    return Promise.resolve(text);
  };
  return { read, reads };
}

describe('collecting files like openstack stack create -t T -e E', () => {
  it('finds get_file paths anywhere, template-file types and resource_registry entries', () => {
    expect(getFilePaths({ a: [{ get_file: 'x.sh' }, { b: { get_file: 'y/z.txt' } }], get_file: 1 })).toEqual([
      'x.sh',
      'y/z.txt',
    ]);
    expect(
      templateTypePaths({
        resources: {
          a: { type: 'nested.yaml' },
          b: { type: 'OS::Heat::None' },
          c: { type: 'lib/x.template' },
        },
      }),
    ).toEqual(['nested.yaml', 'lib/x.template']);
    // A ResourceGroup's member type is a template file too.
    expect(
      templateTypePaths({
        resources: {
          g: {
            type: 'OS::Heat::ResourceGroup',
            properties: { count: 2, resource_def: { type: 'member.yaml' } },
          },
          h: { type: 'OS::Heat::ResourceGroup', properties: { resource_def: { type: 'OS::Heat::None' } } },
        },
      }),
    ).toEqual(['member.yaml']);
    expect(
      registryPaths({
        resource_registry: {
          'My::Server': 'server.yaml',
          'OS::Old': 'OS::Heat::None',
          'OS::Gone': null,
          resources: { db: { 'My::Server': 'special/db.yaml' } },
        },
      }),
    ).toEqual(['server.yaml', 'special/db.yaml']);
  });

  it('reads every file relative to the file naming it, recursively, keyed relative to the template', async () => {
    const root = '/w';
    const { read } = reader({
      [join(root, 'scripts/boot.sh')]: 'echo boot',
      [join(root, 'nested/server.yaml')]:
        'heat_template_version: 2018-08-31\nresources:\n  s: {type: OS::Heat::Value, properties: {value: {get_file: ../data/seed.txt}}}\n  n: {type: deeper.yaml}\n',
      [join(root, 'data/seed.txt')]: 'seed',
      [join(root, 'nested/deeper.yaml')]: 'heat_template_version: 2018-08-31\n',
      [join(root, 'env/types/db.yaml')]: 'heat_template_version: 2018-08-31\nresources: {}\n',
    });
    const files = await collectFiles(
      {
        path: join(root, 'main.yaml'),
        text: 'heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Heat::Value, properties: {value: {get_file: scripts/boot.sh}}}\n  b: {type: nested/server.yaml}\n',
      },
      [{ path: join(root, 'env/e.yaml'), text: 'resource_registry:\n  My::DB: types/db.yaml\n' }],
      read,
    );
    expect(files).toEqual({
      'scripts/boot.sh': 'echo boot',
      'nested/server.yaml': expect.stringContaining('get_file: ../data/seed.txt'),
      'data/seed.txt': 'seed',
      'nested/deeper.yaml': 'heat_template_version: 2018-08-31\n',
      'env/types/db.yaml': expect.stringContaining('resources: {}'),
    });
  });

  it('reads nothing for a template that refers to nothing', async () => {
    const { read, reads } = reader({});
    const files = await collectFiles(
      {
        path: '/w/t.yaml',
        text: 'heat_template_version: 2018-08-31\nresources: {a: {type: OS::Heat::None}}\n',
      },
      [],
      read,
    );
    expect(files).toEqual({});
    expect(reads).toEqual([]);
  });

  it('names the missing file and who refers to it; URLs are not fetched', async () => {
    const { read } = reader({});
    await expect(
      collectFiles({ path: '/w/t.yaml', text: 'x: {get_file: missing.txt}\n' }, [], read),
    ).rejects.toThrow('/w/t.yaml refers to missing.txt: cannot read /w/missing.txt: no such file');
    await expect(
      collectFiles({ path: '/w/t.yaml', text: 'x: {get_file: "http://example.test/a.txt"}\n' }, [], read),
    ).rejects.toThrow('only local files are collected');
  });
});
