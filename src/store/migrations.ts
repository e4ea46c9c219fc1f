import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { CYPHER_ROOT, splitStatements } from './cypher.ts';
import type { Database } from './database.ts';

/**
 * Applies `cypher/migrations/NNN-*.cypher` in order. Every statement is idempotent
 * (`IF NOT EXISTS`), so several processes starting at once may all run them; each applied file is
 * recorded as a `(:Migration {id})` node for operators.
 */
export async function migrate(
  db: Database,
  log: Logger,
  dir = join(CYPHER_ROOT, 'migrations'),
): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d+-.*\.cypher$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    for (const statement of splitStatements(readFileSync(join(dir, file), 'utf8'))) {
      try {
        await db.runText(statement);
      } catch (error) {
        // Two processes creating the same index at once: the loser sees an equivalent rule.
        if (!/EquivalentSchemaRuleAlreadyExists|already exists/i.test(String(error))) throw error;
      }
    }
    await db.run('schema/record-migration', { id: file });
    applied.push(file);
  }
  await db.run('schema/await-indexes');
  log.debug({ migrations: applied }, 'migrations applied');
  return applied;
}
