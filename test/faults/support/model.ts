import type { Doom } from './faulty-endpoint.ts';
import { Rng } from './random.ts';

/**
 * What a stack should look like, independent of the engine: a set of webhook resources with their
 * desired properties, dependencies and deletion policy. Templates are generated from it, and the
 * endpoint's ledger is checked against it.
 */
export interface ResourceSpec {
  name: string;
  /** Desired properties sent to the endpoint (without `parent`, which is resolved from `parent`). */
  props: Record<string, unknown>;
  /** `properties.parent: {get_resource: parent}`: its physical id reaches the endpoint. */
  parent?: string;
  /** `depends_on`. */
  after?: string[];
  retain?: boolean;
}

export interface StackSpec {
  version: number;
  resources: ResourceSpec[];
}

export interface LayeredOptions {
  count: number;
  /** Resources per layer; each resource past the first layer depends on one of the layer above. */
  width: number;
  /** Every n-th resource has `deletion_policy: Retain` (0: none). */
  retainEvery?: number;
}

/** Version 1: layers of resources, half of them referencing their parent's physical id. */
export function layeredSpec(options: LayeredOptions): StackSpec {
  const resources: ResourceSpec[] = [];
  for (let i = 0; i < options.count; i++) {
    const r: ResourceSpec = { name: `r${i}`, props: { i, v: 1, gen: 1 } };
    if (i >= options.width) {
      const up = `r${i - options.width}`;
      if (i % 2 === 0) r.parent = up;
      else r.after = [up];
      // A second, diagonal dependency for some, so the graph is not just chains.
      if (i % 3 === 0 && i % options.width !== options.width - 1)
        r.after = [...(r.after ?? []), `r${i - options.width + 1}`];
    }
    if (options.retainEvery && i % options.retainEvery === options.retainEvery - 1) r.retain = true;
    resources.push(r);
  }
  return { version: 1, resources };
}

export interface UpdateOptions {
  seed: number;
  /** Share of resources replaced (their `gen`, listed in `replace_on`, changes). */
  replace: number;
  /** Share of the others updated in place (`v` changes). */
  update: number;
  /** Share of resources nothing depends on that are removed. */
  remove: number;
  /** Resources added, each referencing a kept one. */
  add: number;
}

/** The next version: some resources replaced, some updated in place, some removed, some added. */
export function updatedSpec(previous: StackSpec, options: UpdateOptions): StackSpec {
  const rng = new Rng(options.seed * 7919 + previous.version);
  const version = previous.version + 1;
  const dependedOn = new Set<string>();
  for (const r of previous.resources) {
    if (r.parent) dependedOn.add(r.parent);
    for (const a of r.after ?? []) dependedOn.add(a);
  }
  const resources: ResourceSpec[] = [];
  for (const r of previous.resources) {
    if (!dependedOn.has(r.name) && rng.chance(options.remove)) continue;
    const props = { ...r.props };
    const roll = rng.next();
    if (roll < options.replace) Object.assign(props, { gen: version, v: version });
    else if (roll < options.replace + options.update) props.v = version;
    resources.push({ ...r, props });
  }
  for (let j = 0; j < options.add; j++) {
    const anchor = rng.pick(resources.filter((r) => !r.name.startsWith('a')));
    resources.push({
      name: `a${version}x${j}`,
      props: { added: version, v: version, gen: 1 },
      parent: anchor.name,
    });
  }
  return { version, resources };
}

export interface TemplateOptions {
  url: string;
  /** The webhook's per-request timeout. */
  timeoutSecs?: number;
  retries?: number;
  /** Permanent faults for some resources, by name. */
  doom?: Record<string, Doom>;
}

/** The HOT template of a spec (JSON is YAML). */
export function toTemplate(spec: StackSpec, options: TemplateOptions): string {
  const resources: Record<string, unknown> = {};
  for (const r of spec.resources) {
    const doom = options.doom?.[r.name];
    resources[r.name] = {
      type: 'Convergence::Webhook',
      properties: {
        url: options.url,
        timeout_secs: options.timeoutSecs ?? 1,
        retries: options.retries ?? 3,
        replace_on: ['gen'],
        properties: {
          ...r.props,
          ...(r.parent ? { parent: { get_resource: r.parent } } : {}),
          ...(doom ? { doom } : {}),
        },
      },
      ...(r.after?.length ? { depends_on: r.after } : {}),
      ...(r.retain ? { deletion_policy: 'Retain' } : {}),
    };
  }
  return JSON.stringify({ heat_template_version: '2021-04-16', resources });
}
