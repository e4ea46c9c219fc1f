/**
 * Reading a ~2 MB template: js-yaml with Heat's schema (what `readSource` does), the `yaml`
 * package's parseDocument (the old fallback, now only used for positions), and optionally the
 * former hand-written reader (`OLD_READER=/path/to/simple-yaml.ts`, e.g. extracted with
 * `git show 84d7a75:src/template/simple-yaml.ts`).
 *
 * Run: npx tsx bench/yaml-read.ts   (prints the median of 7 runs of each reader)
 */
import { performance } from 'node:perf_hooks';
import jsyaml from 'js-yaml';
import { parseDocument, stringify } from 'yaml';
import { ProblemList } from '../src/template/problems.ts';
import { findJsonDuplicateKeys, readSource } from '../src/template/source.ts';
import { HEAT_YAML_SCHEMA } from '../src/template/yaml-schema.ts';

function template(resources: number): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (let i = 0; i < resources; i++) {
    body[`server_${i}`] = {
      type: 'OS::Heat::TestResource',
      depends_on: i > 0 ? [`server_${i - 1}`] : [],
      properties: {
        value: { get_param: 'image' },
        name: { list_join: ['-', ['web', { get_param: 'OS::stack_name' }, String(i)]] },
        metadata: { index: i, ratio: i / 7, enabled: i % 2 === 0, tags: ['a', 'b', `t${i}`] },
        user_data: `#!/bin/sh\necho server ${i}\nexit 0\n`,
      },
    };
  }
  return {
    heat_template_version: '2021-04-16',
    parameters: { image: { type: 'string', default: 'fedora' } },
    resources: body,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(label: string, run: () => unknown): void {
  run();
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    run();
    runs.push(performance.now() - start);
  }
  console.log(`${label.padEnd(34)} ${median(runs).toFixed(1).padStart(8)} ms`);
}

const yamlText = stringify(template(5200), { lineWidth: 0 });
const jsonText = JSON.stringify(template(5200), null, 2);
console.log(
  `YAML template: ${(yamlText.length / 1e6).toFixed(2)} MB; JSON: ${(jsonText.length / 1e6).toFixed(2)} MB`,
);
time('js-yaml, Heat schema (readSource)', () => readSource(yamlText, new ProblemList()));
time('yaml.parseDocument', () => parseDocument(yamlText, { schema: 'core', uniqueKeys: false }));
time('js-yaml load alone', () => jsyaml.load(yamlText, { schema: HEAT_YAML_SCHEMA }));
time('JSON text (readSource: JSON.parse)', () => readSource(jsonText, new ProblemList()));
time('JSON.parse alone', () => JSON.parse(jsonText));
time('JSON duplicate-key scan alone', () => findJsonDuplicateKeys(jsonText));
const oldReader = process.env.OLD_READER;
if (oldReader) {
  const module = (await import(oldReader)) as { readSimpleYaml: (source: string) => unknown };
  time('former hand-written reader', () => module.readSimpleYaml(yamlText));
}
