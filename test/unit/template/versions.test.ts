import { describe, expect, it } from 'vitest';
import { HOT_VERSIONS, normaliseVersion } from '../../../src/template/index.ts';
import { compileOk, compileProblems, hot } from './helpers.ts';

describe('heat_template_version', () => {
  it.each(HOT_VERSIONS)('accepts %s, unquoted and quoted', (version) => {
    expect(compileOk(hot('resources: {}', version)).heatTemplateVersion).toBe(version);
    expect(compileOk(hot('resources: {}', `"${version}"`)).heatTemplateVersion).toBe(version);
  });

  it.each([
    ['newton', '2016-10-14'],
    ['ocata', '2017-02-24'],
    ['pike', '2017-09-01'],
    ['queens', '2018-03-02'],
    ['rocky', '2018-08-31'],
    ['wallaby', '2021-04-16'],
  ])('maps the Heat release name %s to %s', (alias, version) => {
    expect(compileOk(hot('resources: {}', alias)).heatTemplateVersion).toBe(version);
  });

  it.each(['stein', 'train', 'ussuri', 'victoria', 'xena', 'yoga', 'zed', 'antelope'])(
    'refuses the release name %s, which Heat never registered (setup.cfg heat.templates)',
    (alias) => {
      expect(normaliseVersion(alias)).toBeUndefined();
    },
  );

  it('ignores letter case and surrounding spaces in release names', () => {
    expect(normaliseVersion('Rocky')).toBe('2018-08-31');
    expect(normaliseVersion(' WALLABY ')).toBe('2021-04-16');
  });

  it('accepts a date parsed as a Date object', () => {
    expect(normaliseVersion(new Date('2018-08-31T00:00:00Z'))).toBe('2018-08-31');
    expect(normaliseVersion(new Date('2019-01-01T00:00:00Z'))).toBeUndefined();
    expect(normaliseVersion(new Date('not a date'))).toBeUndefined();
  });

  it('rejects dates that are no HOT version, and other values', () => {
    for (const value of ['2018-08-30', '2010-09-09', 'liberty', '', 20180831, null, ['2018-08-31']]) {
      expect(normaliseVersion(value)).toBeUndefined();
    }
  });

  it('reports a missing version for the whole document', () => {
    const problems = compileProblems('description: no version\nresources: {}\n');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'MISSING_VERSION', path: '', line: 1, column: 1 }),
    ]);
  });

  it('reports an unknown version at its value and checks the rest with the latest version', () => {
    const problems = compileProblems(
      'heat_template_version: 2019-01-01\nresources:\n  a:\n    type: OS::Heat::Nope\n    properties: {x: {str_split: [",", "a,b"]}}\n',
    );
    expect(problems.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual([
      { code: 'UNKNOWN_VERSION', path: 'heat_template_version', line: 1, column: 24 },
      { code: 'UNKNOWN_RESOURCE_TYPE', path: 'resources.a.type', line: 4, column: 11 },
    ]);
    expect(problems[0]?.message).toMatch(/2019-01-01.*2013-05-23/);
  });

  it('reports a version of the wrong type', () => {
    const problems = compileProblems('heat_template_version: [2018-08-31]\n');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_VERSION', path: 'heat_template_version' }),
    ]);
  });
});
