import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the `cypher/` folder, where every statement the service runs lives as a `.cypher` file. */
export const CYPHER_ROOT = fileURLToPath(new URL('../../cypher/', import.meta.url));

/**
 * A statement's query options: a line `CYPHER replan=skip` (after the leading comments) says its
 * plan does not depend on statistics (every node it starts from is found by a unique property,
 * an edge or a `USING INDEX SEEK` hint), so Neo4j keeps the cached plan instead of planning it
 * again each time the graph has grown past the divergence threshold (hundreds of times while a
 * large stack is created on a new graph: test/integration/stable-plans.test.ts checks the plans).
 */
const QUERY_OPTIONS = /^(?:\s*\/\/[^\n]*\n)*\s*(CYPHER [^\n]*)\n/;

/**
 * The one parameter a kept-plan statement is sent with. Neo4j caches a plan per statement text
 * *and* per parameter types, where a list's (or string's) type includes its size rounded up to a
 * power of ten: `UNWIND $rows` with 3, 20 and 500 rows is planned three times (measured: 400-600 ms
 * each for stack/insert-version, paid again by the first create of each new size, and each bucket's
 * plan made on whatever graph existed then). A map's type carries no size, so a kept-plan
 * statement reads its parameters through `$args` (`$rows` in the file is sent as `$args.rows`):
 * one plan per statement, whatever the sizes. The rewrite is fixed at load time; values are still
 * only ever parameters.
 */
export const ARGS = 'args';
const PARAMETER = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Every `.cypher` file under `cypher/`, keyed by its path without extension
 * (`cypher/stack/create.cypher` is `stack/create`). Loaded once; statements are always
 * run with parameters, never assembled from user input.
 */
export class CypherCatalog {
  private readonly statements = new Map<string, string>();
  private readonly options = new Map<string, string>();
  /** Kept-plan statements, sent with their parameters in one map (ARGS). */
  private readonly wrapped = new Set<string>();

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
      if (options && /\breplan=skip\b/.test(options[1]!)) {
        if (text.includes(`$${ARGS}`))
          throw new Error(`${key}: a kept-plan statement may not name a parameter $${ARGS} itself`);
        this.wrapped.add(key);
        this.statements.set(key, text.replace(PARAMETER, `$${ARGS}.$1`));
      } else this.statements.set(key, text);
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
    return [...this.wrapped].sort();
  }

  /** The parameters as `statement` is sent with them: in one map (ARGS) for a kept-plan statement. */
  parameters(name: string, params: Record<string, unknown>): Record<string, unknown> {
    return this.wrapped.has(name) ? { [ARGS]: params } : params;
  }

  /**
   * What to send Neo4j for `name` with `params`: its text (optionally under EXPLAIN or PROFILE) and
   * its parameters as that text reads them. They go together: a kept-plan statement's text reads
   * `$args.…` and fails with the parameters as given.
   */
  query(
    name: string,
    params: Record<string, unknown>,
    how?: 'EXPLAIN' | 'PROFILE',
  ): { text: string; parameters: Record<string, unknown> } {
    return {
      text: how ? this.described(name, how) : this.get(name),
      parameters: this.parameters(name, params),
    };
  }

  /** The text sent to Neo4j (a kept-plan statement's parameters read through ARGS). */
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
