/**
 * Adopt data (what `abandonStack` returns, given back to `createStack` as `adopt`): its shape
 * checked, and the resources it names matched with a compiled template. Pure: no I/O.
 */

/** One problem with the adopt data: where (a dotted path under `adopt`) and what. */
export interface AdoptProblem {
  path: string;
  message: string;
}

export interface AdoptResource {
  type: string;
  /** Null: the resource had no physical object; it is created as usual. */
  physicalResourceId: string | null;
}

export interface ParsedAdoptData {
  template: string | null;
  environment: string[] | null;
  files: Record<string, string> | null;
  parameters: Record<string, unknown> | null;
  resources: Record<string, AdoptResource>;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the adopt data's shape: every problem found, or the parts the create uses. */
export function parseAdoptData(
  raw: unknown,
): { ok: true; data: ParsedAdoptData } | { ok: false; problems: AdoptProblem[] } {
  const problems: AdoptProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isMap(raw)) {
    return {
      ok: false,
      problems: [{ path: 'adopt', message: 'adopt data must be an object (what abandonStack returns)' }],
    };
  }
  const template = raw.template ?? null;
  if (template !== null && typeof template !== 'string') add('adopt.template', 'must be a string');
  const environment = raw.environment ?? null;
  if (environment !== null && (!Array.isArray(environment) || environment.some((e) => typeof e !== 'string')))
    add('adopt.environment', 'must be a list of strings');
  const files = raw.files ?? null;
  if (files !== null && (!isMap(files) || Object.values(files).some((f) => typeof f !== 'string')))
    add('adopt.files', 'must map paths to strings');
  const parameters = raw.parameters ?? null;
  if (parameters !== null && !isMap(parameters)) add('adopt.parameters', 'must be an object');
  const resources: Record<string, AdoptResource> = {};
  if (!isMap(raw.resources)) add('adopt.resources', 'must be an object of resources by name');
  else {
    for (const [name, entry] of Object.entries(raw.resources)) {
      const at = `adopt.resources.${name}`;
      if (!isMap(entry)) {
        add(at, 'must be an object with type and physicalResourceId');
        continue;
      }
      if (typeof entry.type !== 'string' || entry.type === '')
        add(`${at}.type`, 'must be a resource type name');
      const id = entry.physicalResourceId ?? null;
      if (id !== null && (typeof id !== 'string' || id === ''))
        add(`${at}.physicalResourceId`, 'must be a non-empty string or null');
      resources[name] = { type: entry.type as string, physicalResourceId: id as string | null };
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    data: {
      template: template as string | null,
      environment: environment as string[] | null,
      files: files as Record<string, string> | null,
      parameters: parameters as Record<string, unknown> | null,
      resources,
    },
  };
}

/**
 * The physical id to adopt for each resource of the compiled template, by name; problems for
 * adopt data naming a resource the template does not have, or with another type.
 */
export function adoptIds(
  resources: Readonly<Record<string, AdoptResource>>,
  compiled: ReadonlyArray<{ name: string; type: string }>,
): { ids: Map<string, string>; problems: AdoptProblem[] } {
  const byName = new Map(compiled.map((r) => [r.name, r.type]));
  const ids = new Map<string, string>();
  const problems: AdoptProblem[] = [];
  for (const [name, entry] of Object.entries(resources)) {
    const type = byName.get(name);
    const at = `adopt.resources.${name}`;
    if (type === undefined) problems.push({ path: at, message: `the template has no resource ${name}` });
    else if (type !== entry.type)
      problems.push({
        path: `${at}.type`,
        message: `is ${entry.type}, but the template's ${name} is ${type}`,
      });
    else if (entry.physicalResourceId !== null) ids.set(name, entry.physicalResourceId);
  }
  return { ids, problems };
}
