/**
 * Lenient readings of scalar values, shared by parameters and property validation. They follow
 * Heat (oslo's `bool_from_string` and Python's `float()`), so templates written for Heat keep
 * their meaning.
 */

import { Script, createContext } from 'node:vm';

const TRUE_WORDS: ReadonlySet<string> = new Set(['t', 'true', 'on', 'y', 'yes', '1']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['f', 'false', 'off', 'n', 'no', '0']);

/** A boolean, or `true`/`yes`/`on`/`1` (and opposites) in any letter case; undefined otherwise. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, or decimal text for one (surrounding spaces allowed); undefined otherwise. */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !NUMBER_TEXT.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** An integer, or decimal text for one; undefined otherwise. */
export function parseInteger(value: unknown): number | undefined {
  const number = parseNumber(value);
  return number !== undefined && Number.isInteger(number) ? number : undefined;
}

/** Length as Python counts it: code points for strings, items for lists, keys for maps. */
export function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

/**
 * A pattern anchored at both ends, as Heat's allowed_pattern is (the whole value must match).
 * Python's named groups `(?P<name>...)` are rewritten to JavaScript's `(?<name>...)`.
 * Throws SyntaxError for an invalid pattern.
 */
export function anchoredPattern(pattern: string): RegExp {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    const javascriptSyntax = pattern.replaceAll('(?P<', '(?<');
    compiled = new RegExp(`^(?:${javascriptSyntax})$`);
    // Templates repeat the same few patterns across many resources; keep the cache small anyway.
    if (compiledPatterns.size >= 1000) compiledPatterns.clear();
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

const compiledPatterns = new Map<string, RegExp>();

const PATTERN_TIMEOUT_MS = 250;
const patternTest = new Script('anchored.test(value)');
const patternSandbox: { anchored: RegExp | null; value: string } = { anchored: null, value: '' };
const patternContext = createContext(patternSandbox);

/**
 * Tests a template author's pattern against a value without letting a pathological pattern
 * (catastrophic backtracking, e.g. `(a+)+$`) block the process: the test runs with a time limit.
 * Returns 'timeout' when it did not finish in time.
 */
export function matchesPattern(pattern: string, value: string): boolean | 'timeout' {
  patternSandbox.anchored = anchoredPattern(pattern);
  patternSandbox.value = value;
  try {
    for (let attempt = 1; ; attempt++) {
      // The limit is wall-clock time: on a machine starved of CPU even `https?://.+` can be stopped
      // before it ran (seen in CI at load ~20: two URLs "did not match"). A timed-out test is only
      // trusted when this process got at least half the limit of CPU meanwhile; else it runs again.
      const cpuBefore = process.cpuUsage();
      try {
        return patternTest.runInContext(patternContext, { timeout: PATTERN_TIMEOUT_MS }) === true;
      } catch (error) {
        if ((error as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
        const cpu = process.cpuUsage(cpuBefore);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        if (cpuMs >= PATTERN_TIMEOUT_MS / 2 || attempt >= PATTERN_ATTEMPTS) return 'timeout';
      }
    }
  } finally {
    patternSandbox.anchored = null;
  }
}

/** Most runs of one pattern test while the process is starved of CPU (see `matchesPattern`). */
const PATTERN_ATTEMPTS = 5;
