#!/usr/bin/env node
// Prints a large HOT template: N resources in layers, each depending on two of the layer above.
//   node examples/generate-large.mjs 10000 > /tmp/large.yaml
//   npx convergence apply -f /tmp/large.yaml --name large
// Types: None (instant, the default) or TestResource with a latency: node examples/generate-large.mjs 500 test 0.5
const count = Number(process.argv[2] ?? 1000);
const type = process.argv[3] === 'test' ? 'OS::Heat::TestResource' : 'OS::Heat::None';
const wait = Number(process.argv[4] ?? 0.2);
const layers = Math.max(1, Math.min(20, Math.ceil(count / 50)));
const width = Math.ceil(count / layers);
const lines = [
  'heat_template_version: 2021-04-16',
  `description: ${count} generated resources in ${layers} layers`,
  'resources:',
];
for (let i = 0; i < count; i++) {
  const deps = [];
  if (i >= width) {
    const above = Math.floor(i / width) * width - width;
    deps.push(above + (i % width), above + ((i * 7 + 3) % width));
  }
  const upstream = [...new Set(deps)].map((d) => `r${d}`);
  lines.push(`  r${i}:`, `    type: ${type}`);
  const props = [];
  if (type === 'OS::Heat::TestResource') {
    // TestResource has a fixed property schema (no `upstream`): `value` carries the dependencies'
    // ids, a get_resource per dependency, joined into one string.
    props.push(`wait_secs: ${wait}`);
    if (upstream.length) {
      props.push(
        `value: { list_join: [',', [${upstream.map((d) => `{ get_resource: ${d} }`).join(', ')}]] }`,
      );
    }
  } else if (upstream.length) {
    props.push(`upstream: [${upstream.map((d) => `{ get_resource: ${d} }`).join(', ')}]`);
  }
  if (props.length) lines.push(`    properties: { ${props.join(', ')} }`);
}
process.stdout.write(lines.join('\n') + '\n');
