import { describe, it, expect } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
describe('smoke', () => {
  it('works', () => {
    const src = `heat_template_version: rocky
parameters:
  size: {type: number, default: 3, constraints: [{range: {min: 1, max: 5}}]}
resources:
  a:
    type: OS::Heat::TestResource
    properties:
      value: {list_join: ['-', [{get_param: size}, {get_attr: [b, value]}, x]]}
  b:
    type: OS::Heat::RandomString
    properties: {length: {get_param: size}}
  b:
    type: OS::Heat::RandomString
outputs:
  o: {value: {str_replace: {template: 'x-$y', params: {$y: {get_param: size}}}}}
`;
    const r = compileTemplate(src, { size: '4' }, catalog);
    console.log(JSON.stringify(r, null, 1));
    const r2 = compileTemplate(src.replace(/^  b:\n    type: OS::Heat::RandomString\n(?!  )/m, ''), { size: '4' }, catalog);
    console.log(JSON.stringify(r2, null, 1));
  });
});
