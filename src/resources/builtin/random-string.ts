import { randomInt } from 'node:crypto';
import type { ResourceType } from '../types.ts';

const CLASSES: Record<string, string> = {
  lettersdigits: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdef',
  octdigits: '01234567',
};

interface Requirement {
  pool: string;
  min: number;
}

function requirements(props: Record<string, unknown>): Requirement[] {
  const classes = (props.character_classes as Array<{ class?: string; min?: number }> | undefined) ?? [];
  const sequences =
    (props.character_sequences as Array<{ sequence?: string; min?: number }> | undefined) ?? [];
  const reqs = [
    ...classes.map((c) => ({
      pool: CLASSES[c.class ?? 'lettersdigits'] ?? CLASSES.lettersdigits!,
      min: c.min ?? 1,
    })),
    ...sequences.map((s) => ({ pool: s.sequence ?? '', min: s.min ?? 1 })),
  ].filter((r) => r.pool.length > 0);
  return reqs.length > 0 ? reqs : [{ pool: CLASSES.lettersdigits!, min: 1 }];
}

/** A random string meeting every minimum, with the rest drawn from the union of pools, shuffled. */
export function generateRandomString(
  props: Record<string, unknown>,
  draw: (max: number) => number = randomInt,
): string {
  const length = typeof props.length === 'number' ? props.length : 32;
  const reqs = requirements(props);
  const chars: string[] = [];
  for (const r of reqs) for (let i = 0; i < r.min; i++) chars.push(r.pool[draw(r.pool.length)]!);
  const union = [...new Set(reqs.map((r) => r.pool).join(''))].join('');
  while (chars.length < length) chars.push(union[draw(union.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = draw(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

const classSchema = {
  class: {
    type: 'string' as const,
    constraints: { allowedValues: Object.keys(CLASSES) },
    default: 'lettersdigits',
  },
  min: { type: 'integer' as const, constraints: { range: { min: 1, max: 512 } }, default: 1 },
};

/**
 * Heat's physical resource name (`<stack>-<resource>-<short id>`): what a RandomString's id is, so
 * the secret itself never becomes an id (ids are shown everywhere: events, API answers, logs).
 */
export function physicalResourceName(stackName: string, name: string, key: string): string {
  const short = key
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .toLowerCase();
  return `${stackName}-${name}-${short}`;
}

/** OS::Heat::RandomString: generates a random string; any property change generates a new one. */
export const randomStringType: ResourceType = {
  name: 'OS::Heat::RandomString',
  description:
    'A random string, e.g. a generated password: the `value` attribute (also what `get_resource` returns, as in Heat). Its physical id is a name, never the string.',
  referenceAttribute: 'value',
  properties: {
    length: { type: 'integer', default: 32, constraints: { range: { min: 1, max: 512 } } },
    character_classes: { type: 'list', items: { type: 'map', schema: classSchema } },
    character_sequences: {
      type: 'list',
      items: {
        type: 'map',
        schema: {
          sequence: { type: 'string', required: true, constraints: { length: { min: 1 } } },
          min: classSchema.min,
        },
      },
    },
    salt: { type: 'string', description: 'Change it to force a new string.' },
  },
  attributes: { value: { description: 'The generated string (secret).', type: 'string', secret: true } },
  validate(props) {
    const length = typeof props.length === 'number' ? props.length : 32;
    const total = requirements(props).reduce((sum, r) => sum + r.min, 0);
    return total > length
      ? [`the sum of the character class and sequence minimums (${total}) exceeds length (${length})`]
      : [];
  },
  create: (ctx) => {
    const value = generateRandomString(ctx.properties);
    return Promise.resolve({
      physicalResourceId: physicalResourceName(ctx.stackName, ctx.name, ctx.idempotencyKey),
      attributes: { value },
      done: true,
    });
  },
  update: () => Promise.resolve({ done: true }),
  delete: () => Promise.resolve({ done: true }),
  observe: (ctx) =>
    Promise.resolve(
      ctx.action === 'DELETE' || !ctx.physicalResourceId ? { state: 'missing' } : { state: 'done' },
    ),
};
