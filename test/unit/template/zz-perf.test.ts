import { it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
it('perf', () => {
  let s = 'heat_template_version: 2018-08-31\nparameters:\n  v: {type: string, default: x}\nresources:\n';
  for (let i = 0; i < 10000; i++) {
    const attr = i === 0 ? '{get_param: v}' : `{ get_attr: [res_${i - 1}, output] }`;
    const ref = i < 2 ? '{get_param: v}' : `{ get_resource: res_${Math.floor(i / 2)} }`;
    s += `  res_${i}:\n    type: OS::Heat::TestResource\n    properties:\n      value: { list_join: ['-', [${attr}, {get_param: v}]] }\n      wait_secs: 0\n    metadata:\n      ref: ${ref}\n`;
  }
  console.log('size', s.length);
  for (let k = 0; k < 4; k++) {
    const t = performance.now();
    const r = compileTemplate(s, {}, catalog);
    console.log('compile ms', (performance.now() - t).toFixed(0), r.ok, r.ok ? r.template.resources.length : JSON.stringify(r.problems.slice(0, 3)));
  }
  const j = JSON.stringify({ heat_template_version: '2018-08-31', resources: Object.fromEntries(Array.from({ length: 10000 }, (_, i) => [`r${i}`, { type: 'OS::Heat::TestResource', properties: { value: i === 0 ? 'x' : { get_attr: [`r${i - 1}`, 'output'] } } }])) }, null, 2);
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const r = compileTemplate(j, {}, catalog);
    console.log('json compile ms', j.length, (performance.now() - t).toFixed(0), r.ok);
  }
});
