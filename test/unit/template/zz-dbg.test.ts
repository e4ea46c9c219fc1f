import { it } from 'vitest';
import { compileTemplate } from '/work/main/src/template/index.ts';
import { readSimpleYaml } from '/work/main/src/template/simple-yaml.ts';
import { catalog } from '/work/main/test/unit/template/fixtures/catalog.ts';
it('dbg', () => {
  let s = 'heat_template_version: 2018-08-31\nparameters:\n  v: {type: string, default: x}\nresources:\n';
  for (let i = 0; i < 3; i++) {
    s += `  res_${i}:\n    type: OS::Heat::TestResource\n    properties:\n      value: { list_join: ['-', [{ get_attr: [res_${Math.max(0, i - 1)}, output] }, {get_param: v}]] }\n      wait_secs: 0\n    metadata:\n      ref: { get_resource: res_${Math.floor(i / 2)} }\n`;
  }
  console.log(readSimpleYaml(s));
  const r = compileTemplate(s, {}, catalog);
  console.log(JSON.stringify(r.ok ? 'ok' : r.problems));
});
