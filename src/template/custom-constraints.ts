/**
 * Named parameter constraints (`custom_constraint: ip_addr`), as Heat registers them under
 * `heat.constraints` (heat/engine/constraint/common_constraints.py and friends).
 *
 * Only what can be told without a cloud is built in. Names that ask a cloud (`nova.flavor`,
 * `neutron.network`, `glance.image`...) are unknown here: the template is accepted with an
 * UNKNOWN_CUSTOM_CONSTRAINT warning, or refused when `strictCustomConstraints` is set.
 * More checks can be registered with {@link registerCustomConstraint}.
 */
import { isIP } from 'node:net';

/** Returns undefined when the value is acceptable, else why not. */
export type CustomConstraintCheck = (value: string) => string | undefined;

const registry = new Map<string, CustomConstraintCheck>();

export function registerCustomConstraint(name: string, check: CustomConstraintCheck): void {
  registry.set(name, check);
}

export function customConstraint(name: string): CustomConstraintCheck | undefined {
  return registry.get(name);
}

export function customConstraintNames(): string[] {
  return [...registry.keys()].sort();
}

const ISO_8601 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/;

/** DNS names as Heat's DNSNameConstraint reads them: labels of 1-63 letters, digits and hyphens. */
function dnsProblem(value: string, { relative }: { relative: boolean }): string | undefined {
  if (value.length > 255) return 'a DNS name is at most 255 characters';
  if (relative && value.endsWith('.')) return 'a relative DNS name must not end with a dot';
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return `DNS label "${label}" must be 1-63 characters`;
    if (!/^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label))
      return `DNS label "${label}" may contain letters, digits and inner hyphens only`;
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? ''))
    return 'the top-level label of a DNS name cannot be all digits';
  return undefined;
}

const CRON_NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

function cronFieldValid(field: string): boolean {
  return field.split(',').every((part) => {
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return false;
    if (range === '*' || range === '?') return true;
    return range
      .split('-')
      .every((bound, _i, bounds) => bounds.length <= 2 && (/^\d+$/.test(bound) || CRON_NAMES.test(bound)));
  });
}

registerCustomConstraint('ip_addr', (value) =>
  isIP(value) === 0 ? `"${value}" is not an IP address` : undefined,
);
registerCustomConstraint('net_cidr', (value) => {
  const [address = '', prefix, extra] = value.split('/');
  const version = isIP(address);
  const max = version === 6 ? 128 : 32;
  if (
    version === 0 ||
    extra !== undefined ||
    prefix === undefined ||
    !/^\d{1,3}$/.test(prefix) ||
    Number(prefix) > max
  )
    return `"${value}" is not a network in CIDR notation (address/prefix)`;
  return undefined;
});
registerCustomConstraint('ip_or_cidr', (value) =>
  isIP(value) !== 0 || customConstraint('net_cidr')?.(value) === undefined
    ? undefined
    : `"${value}" is neither an IP address nor a CIDR`,
);
registerCustomConstraint('mac_addr', (value) =>
  /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$|^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/.test(
    value,
  )
    ? undefined
    : `"${value}" is not a MAC address`,
);
registerCustomConstraint('iso_8601', (value) =>
  ISO_8601.test(value) ? undefined : `"${value}" is not an ISO 8601 date or time`,
);
// Heat also requires the date to be in the future; this code has no clock, so only the form is checked.
registerCustomConstraint('expiration', (value) =>
  ISO_8601.test(value) ? undefined : `"${value}" is not an ISO 8601 expiration time`,
);
registerCustomConstraint('timezone', (value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return undefined;
  } catch {
    return `"${value}" is not a time zone name`;
  }
});
registerCustomConstraint('cron_expression', (value) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every(cronFieldValid))
    return `"${value}" is not a cron expression (5 or 6 fields)`;
  return undefined;
});
registerCustomConstraint('dns_name', (value) => dnsProblem(value, { relative: false }));
registerCustomConstraint('dns_domain', (value) => {
  const problem = dnsProblem(value, { relative: false });
  if (problem) return problem;
  return value.endsWith('.') ? undefined : `"${value}" must end with "."`;
});
registerCustomConstraint('rel_dns_name', (value) => dnsProblem(value, { relative: true }));
