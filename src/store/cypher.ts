import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the `cypher/` folder, where every statement the service runs lives as a `.cypher` file. */
export const CYPHER_ROOT = fileURLToPath(new URL('../../cypher/', import.meta.url));

/**
 * A statement's query options: a line `CYPHER replan=skip` (after the leading comments) says its
 * plan does not depend on statistics (every node it starts from is found by a unique property,
 * or through an index hint), so Neo4j keeps the cached plan instead of planning it again each
 * time the graph has grown past the divergence threshold (hundreds of times while a large stack
 * is created on a new graph: test/integration/stable-plans.test.ts checks the plans).
 */
const QUERY_OPTIONS = /^(?:\s*\/\/[^\n]*\n)*\s*(CYPHER [^\n]*)\n/;

/**
 * Every `.cypher` file under `cypher/`, keyed by its path without extension
 * (`cypher/stack/create.cypher` is `stack/create`). Loaded once; statements are always
 * run with parameters, never assembled from user input.
 */
export class CypherCatalog {
  private readonly statements = new Map<string, string>();
  private readonly options = new Map<string, string>();

  constructor(root: string = CYPHER_ROOT) {
    for (const file of walk(root)) {
      if (!file.endsWith('.cypher')) continue;
      const key = relative(root, file)
        .split(sep)
        .join('/')
        .replace(/\.cypher$/, '');
      const text = readFileSync(file, 'utf8');
      const options = QUERY_OPTIONS.exec(text);
      if (options) this.options.set(key, options[1]!);
      this.statements.set(key, text);
    }
  }

  /** The statement with `EXPLAIN` or `PROFILE`, which go after its query options. */
  described(name: string, how: 'EXPLAIN' | 'PROFILE'): string {
    const text = this.get(name);
    const options = this.options.get(name);
    return options ? text.replace(`${options}\n`, `${options}\n${how} `) : `${how} ${text}`;
  }

  /** Names of the statements whose plans are kept however the graph grows (`CYPHER replan=skip`). */
  stablePlans(): string[] {
    return [...this.options]
      .filter(([, o]) => /\breplan=skip\b/.test(o))
      .map(([name]) => name)
      .sort();
  }

  get(name: string): string {
    const text = this.statements.get(name);
    if (text === undefined) throw new Error(`No Cypher statement named ${name} under cypher/`);
    return text;
  }

  names(): string[] {
    return [...this.statements.keys()].sort();
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Splits a migration file into statements: `;` at the end of a line ends a statement; `//` lines are comments. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('//') || trimmed === '') continue;
    current.push(line);
    if (trimmed.endsWith(';')) {
      statements.push(current.join('\n').trim().replace(/;$/, ''));
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements;
}
