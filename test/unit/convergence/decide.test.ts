import { describe, expect, it } from 'vitest';
import { NESTED_INPUTS_CHANGED } from '../../../src/convergence/change-set.ts';
import { decideConvergence, type CopyCandidate } from '../../../src/convergence/decide.ts';
import { changeSetOf } from '../../../src/engine/resolution.ts';
import { noneType } from '../../../src/resources/builtin/none.ts';
import { ResourceTypeRegistry } from '../../../src/resources/registry.ts';
import type { LiveEntry } from '../../../src/store/stacks.ts';

const registry = new ResourceTypeRegistry().register(noneType);
// A template resource: a type that is a template file (a nested stack made from `member.yaml`).
const member = registry.resolve('member.yaml')!;

function copy(overrides: Partial<CopyCandidate> = {}): CopyCandidate {
  return {
    id: 'c1',
    type: 'member.yaml',
    status: 'CREATE_COMPLETE',
    appliedProperties: { size: 1 },
    version: 1,
    nestedInputs: 'files-v1',
    ...overrides,
  };
}

describe('decideConvergence for nested-stack types', () => {
  it('keeps a nested stack made from the same files and environment with the same properties', () => {
    expect(decideConvergence(member, { size: 1 }, [copy()], 'files-v1').kind).toBe('NOOP');
  });

  it('updates a nested stack whose files or environment changed although its properties did not', () => {
    const decision = decideConvergence(member, { size: 1 }, [copy()], 'files-v2');
    expect(decision).toMatchObject({ kind: 'UPDATE', base: { id: 'c1' } });
  });

  it('prefers, on a rollback, the copy made from the inputs it goes back to', () => {
    const older = copy({ id: 'old', version: 1, nestedInputs: 'files-v1' });
    const newer = copy({ id: 'new', version: 2, nestedInputs: 'files-v2' });
    expect(decideConvergence(member, { size: 1 }, [newer, older], 'files-v1')).toMatchObject({
      kind: 'NOOP',
      base: { id: 'old' },
    });
  });

  it('ignores fingerprints for other types (null)', () => {
    const none = copy({ type: noneType.name, appliedProperties: {}, nestedInputs: null });
    expect(decideConvergence(noneType, {}, [none], null).kind).toBe('NOOP');
  });
});

describe('the change set of a template resource', () => {
  const live = (nestedInputs: string | null): LiveEntry[] => [
    {
      id: 'c1',
      name: 'web',
      copyId: 'c1',
      refs: [],
      busy: false,
      live: true,
      type: 'member.yaml',
      status: 'CREATE_COMPLETE',
      observedReady: true,
      version: 1,
      appliedProperties: { size: 1 },
      attributes: {},
      physicalResourceId: 'child-stack-id',
      nestedInputs,
    },
  ];
  const targets = [{ name: 'web', type: 'member.yaml', properties: { size: 1 }, requires: [] }];

  it('carries an unchanged one over (same properties, same files and environment)', () => {
    const [web] = changeSetOf(registry, targets, {}, live('files-v1'), [], 'files-v1').resources;
    expect(web).toMatchObject({ action: 'UNCHANGED', carriedFrom: { id: 'c1' } });
  });

  it('updates one whose files or environment changed, and says why', () => {
    const [web] = changeSetOf(registry, targets, {}, live('files-v1'), [], 'files-v2').resources;
    expect(web).toMatchObject({
      action: 'UPDATE',
      reason: NESTED_INPUTS_CHANGED,
      properties: [],
      carriedFrom: null,
    });
  });
});
