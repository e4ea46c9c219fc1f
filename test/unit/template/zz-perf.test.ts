import { it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
it('perf', () => {
  let s = 'heat_template_version: 2018-08-31\nparameters:\n  v: {type: string, default: x}\nresources:\n';
  for (let i = 0; i < 10000; i++) {
    s += `  res_${i}:\n    type: OS::Heat::TestResource\n    properties:\n      value: { list_join: ['-', [{ get_attr: [res_${Math.max(0, i - 1)}, output] }, {get_param: v}]] }\n      wait_secs: 0\n    metadata:\n      ref: { get_resource: res_${Math.floor(i / 2)} }\n`;
  }

  console.log('size', s.length);
  for (let k = 0; k < 4; k++) {
    const t = performance.now();
    const r = compileTemplate(s, {}, catalog);
    console.log('compile ms', (performance.now() - t).toFixed(0), r.ok, r.ok ? r.template.resources.length : r.problems.length);
  }
});
import { parseDocument } from 'yaml';
it('yaml only', () => {
  let s = 'heat_template_version: 2018-08-31\nparameters:\n  v: {type: string, default: x}\nresources:\n';
  for (let i = 0; i < 10000; i++) {
    s += `  res_${i}:\n    type: OS::Heat::TestResource\n    properties:\n      value: { list_join: ['-', [{ get_attr: [res_${Math.max(0, i - 1)}, output] }, {get_param: v}]] }\n      wait_secs: 0\n    metadata:\n      ref: { get_resource: res_${Math.floor(i / 2)} }\n`;
  }
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    parseDocument(s, { schema: 'core', uniqueKeys: false });
    console.log('yaml ms', (performance.now() - t).toFixed(0));
  }
});
