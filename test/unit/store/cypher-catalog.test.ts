import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARGS, CypherCatalog } from '../../../src/store/cypher.ts';

function catalogOf(files: Record<string, string>): CypherCatalog {
  const root = mkdtempSync(join(tmpdir(), 'cypher-catalog-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, `${name}.cypher`), text);
  }
  return new CypherCatalog(root);
}

const KEPT = `// Writes rows ($rows).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:StackVersion {id: $version.id})
RETURN row, toInteger($limit) AS limit
`;

describe('CypherCatalog', () => {
  it('sends a kept-plan statement its parameters in one map, so list sizes never reach the plan cache key', () => {
    const catalog = catalogOf({ 'engine/kept': KEPT, 'read/plain': 'UNWIND $rows AS row RETURN row\n' });
    expect(catalog.stablePlans()).toEqual(['engine/kept']);
    const text = catalog.get('engine/kept');
    expect(text).toContain(`UNWIND $${ARGS}.rows AS row`);
    expect(text).toContain(`{id: $${ARGS}.version.id}`);
    expect(text).toContain(`toInteger($${ARGS}.limit)`);
    expect(text).not.toMatch(/\$(rows|version|limit)\b/);
    const params = { rows: [1, 2, 3], version: { id: 'v' }, limit: 10 };
    expect(catalog.parameters('engine/kept', params)).toEqual({ [ARGS]: params });
    // EXPLAIN / PROFILE still go after the options line, on the rewritten text.
    expect(catalog.described('engine/kept', 'EXPLAIN')).toMatch(
      /\nCYPHER replan=skip\nEXPLAIN UNWIND \$args\.rows/,
    );
  });

  it('leaves other statements and their parameters as written', () => {
    const catalog = catalogOf({ 'read/plain': 'UNWIND $rows AS row RETURN row\n' });
    expect(catalog.get('read/plain')).toBe('UNWIND $rows AS row RETURN row\n');
    const params = { rows: [1] };
    expect(catalog.parameters('read/plain', params)).toBe(params);
  });

  it(`refuses a kept-plan statement that names $${ARGS} itself`, () => {
    expect(() => catalogOf({ 'engine/bad': `CYPHER replan=skip\nRETURN $${ARGS} AS x\n` })).toThrow(
      /engine\/bad: a kept-plan statement may not name a parameter \$args/,
    );
  });
});
