/**
 * Quoting of names and literals that come from templates (user input) into SQL text, for the
 * statements that take no bind parameters (CREATE ROLE, GRANT, ...). Pure, unit-tested.
 */

export class UnsafeValueError extends Error {
  override name = 'UnsafeValueError';
}

function noNul(value: string, what: string): string {
  if (value.includes('\0')) throw new UnsafeValueError(`${what} contains a NUL character`);
  return value;
}

/** PostgreSQL identifier, always quoted: `"a""b"` (as quote_ident / format('%I') do). */
export function pgIdent(name: string): string {
  return `"${noNul(name, 'identifier').replaceAll('"', '""')}"`;
}

/**
 * PostgreSQL string literal (as quote_literal / format('%L') do): doubled quotes, and the E''
 * form when the value holds a backslash, so standard_conforming_strings does not matter.
 */
export function pgLiteral(value: string): string {
  noNul(value, 'literal');
  const body = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

/** MySQL/MariaDB identifier in backticks (as mysql2's escapeId does, without splitting on dots). */
export function mysqlIdent(name: string): string {
  return `\`${noNul(name, 'identifier').replaceAll('`', '``')}\``;
}

/**
 * A database name in a MySQL GRANT/REVOKE: `_` and `%` are wildcards there, so a grant on
 * `app_db` would also cover `appXdb`; escape them (and backslash) to mean only this database.
 */
export function mysqlGrantDatabase(name: string): string {
  return mysqlIdent(name.replace(/[\\_%]/g, (c) => `\\${c}`));
}

/** Keywords (privileges) cannot be quoted: only allow-listed ones reach the SQL text. */
export function keywords(values: readonly string[], allowed: readonly string[], what: string): string {
  const out = values.map((v) => v.trim().toUpperCase().replace(/\s+/g, ' '));
  const bad = out.filter((v) => !allowed.includes(v));
  if (bad.length > 0)
    throw new UnsafeValueError(`unknown ${what}: ${bad.join(', ')} (allowed: ${allowed.join(', ')})`);
  if (out.length === 0) throw new UnsafeValueError(`no ${what} given`);
  return [...new Set(out)].join(', ');
}
