/**
 * HOT versions (`heat_template_version`) and what each one allows.
 */

/** Every HOT version Heat knows, oldest first. Dates compare correctly as strings. */
export const HOT_VERSIONS = [
  '2013-05-23',
  '2014-10-16',
  '2015-04-30',
  '2015-10-15',
  '2016-04-08',
  '2016-10-14',
  '2017-02-24',
  '2017-09-01',
  '2018-03-02',
  '2018-08-31',
  '2021-04-16',
] as const;

export type HotVersion = (typeof HOT_VERSIONS)[number];

export const LATEST_VERSION: HotVersion = '2021-04-16';

/** The release-name aliases Heat itself registers (setup.cfg, `heat.templates`). */
const HEAT_RELEASE_ALIASES: Readonly<Record<string, HotVersion>> = {
  newton: '2016-10-14',
  ocata: '2017-02-24',
  pike: '2017-09-01',
  queens: '2018-03-02',
  rocky: '2018-08-31',
  wallaby: '2021-04-16',
};

const KNOWN_DATES: ReadonlySet<string> = new Set(HOT_VERSIONS);

/**
 * The version a `heat_template_version` value stands for, or undefined if it names none.
 * Accepts dates (as strings, or as Date objects in case a YAML 1.1 reader produced one) and
 * release names in any letter case.
 */
export function normaliseVersion(raw: unknown): HotVersion | undefined {
  let text: string;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return undefined;
    text = raw.toISOString().slice(0, 10);
  } else if (typeof raw === 'string') {
    text = raw.trim().toLowerCase();
  } else {
    return undefined;
  }
  if (KNOWN_DATES.has(text)) return text as HotVersion;
  // Own properties only: `constructor` or `__proto__` are not release names.
  if (Object.hasOwn(HEAT_RELEASE_ALIASES, text)) return HEAT_RELEASE_ALIASES[text];
  return undefined;
}

export function versionAtLeast(version: HotVersion, minimum: HotVersion): boolean {
  return version >= minimum;
}

/** Lower-case deletion policies (`retain`) are accepted from 2016-10-14, as in Heat (checked in resources.ts). */
export const DELETION_POLICIES = ['Delete', 'Retain', 'Snapshot'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

export function normaliseDeletionPolicy(raw: unknown): DeletionPolicy | undefined {
  if (typeof raw !== 'string') return undefined;
  return DELETION_POLICIES.find((policy) => policy === raw || policy.toLowerCase() === raw);
}
