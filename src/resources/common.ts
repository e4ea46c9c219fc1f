import type { ActionContext, PropertySchema } from './types.ts';
import { PermanentActionError } from './types.ts';
import { UnsafeValueError } from './sql.ts';

/** Every real-system type takes `connection`: the name of a connection the operator configured. */
export const connectionProperty: PropertySchema = {
  type: 'string',
  default: 'default',
  onChange: 'replace',
  description: 'Name of a connection configured on the service (CONNECTIONS_FILE or CONNECTION_* variables).',
  constraints: { pattern: '[A-Za-z0-9][A-Za-z0-9_.-]{0,62}' },
};

export function connectionOf(ctx: ActionContext): string {
  const c = ctx.properties.connection;
  return typeof c === 'string' && c ? c : 'default';
}

export function text(props: Record<string, unknown>, key: string): string {
  const v = props[key];
  if (typeof v !== 'string' || v === '') throw new PermanentActionError(`property ${key} is required`);
  return v;
}

export function optionalText(props: Record<string, unknown>, key: string): string | undefined {
  const v = props[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function list(props: Record<string, unknown>, key: string): string[] {
  const v = props[key];
  return Array.isArray(v) ? v.map(String) : [];
}

/**
 * Ownership mark written where a system can hold one (PostgreSQL comments): an object marked by
 * another resource is not taken over by a create nor dropped by a delete, so two stacks (or a
 * replacement that keeps the name) cannot destroy each other's objects.
 */
export function ownerMark(ctx: ActionContext): string {
  return `managed by convergence-engine: ${ctx.idempotencyKey}`;
}

export function markedByOther(comment: unknown, ctx: ActionContext): boolean {
  return (
    typeof comment === 'string' &&
    comment.startsWith('managed by convergence-engine: ') &&
    comment !== ownerMark(ctx)
  );
}

/** Turns quoting refusals into permanent failures; everything else keeps its class. */
export function asPermanent(error: unknown): unknown {
  if (error instanceof UnsafeValueError) return new PermanentActionError(error.message, 'INVALID_PROPERTY');
  return error;
}

/** A string property or its default (properties arrive normalised, so anything else is absent). */
export function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
