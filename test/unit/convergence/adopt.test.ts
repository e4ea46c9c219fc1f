import { describe, expect, it } from 'vitest';
import { adoptIds, parseAdoptData } from '../../../src/convergence/adopt.ts';
import { ADOPT_RESOURCE_MISSING, adoptVerdict } from '../../../src/convergence/outcomes.ts';

describe('adopt data', () => {
  it('accepts what abandonStack returns and keeps the parts a create uses', () => {
    const parsed = parseAdoptData({
      name: 'old',
      template: 'heat_template_version: 2021-04-16',
      environment: ['parameters: {}'],
      files: { 'a.yaml': 'x' },
      parameters: { size: 3 },
      resources: {
        role: {
          type: 'PostgreSQL::Role',
          physicalResourceId: 'app',
          status: 'CREATE_COMPLETE',
          attributes: {},
        },
        marker: { type: 'OS::Heat::None', physicalResourceId: null },
      },
    });
    expect(parsed).toEqual({
      ok: true,
      data: {
        template: 'heat_template_version: 2021-04-16',
        environment: ['parameters: {}'],
        files: { 'a.yaml': 'x' },
        parameters: { size: 3 },
        resources: {
          role: { type: 'PostgreSQL::Role', physicalResourceId: 'app' },
          marker: { type: 'OS::Heat::None', physicalResourceId: null },
        },
      },
    });
  });

  it('reports every shape problem with its path', () => {
    expect(parseAdoptData('nope')).toEqual({
      ok: false,
      problems: [{ path: 'adopt', message: 'adopt data must be an object (what abandonStack returns)' }],
    });
    const parsed = parseAdoptData({
      template: 5,
      environment: [1],
      files: { a: 2 },
      parameters: [],
      resources: { a: 'x', b: { type: '', physicalResourceId: 3 } },
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems.map((p) => p.path)).toEqual([
        'adopt.template',
        'adopt.environment',
        'adopt.files',
        'adopt.parameters',
        'adopt.resources.a',
        'adopt.resources.b.type',
        'adopt.resources.b.physicalResourceId',
      ]);
    const noResources = parseAdoptData({ template: 't' });
    expect(noResources.ok ? [] : noResources.problems.map((p) => p.path)).toEqual(['adopt.resources']);
  });

  it('matches the adopt data with the compiled template: ids to take over, unknown names and other types refused', () => {
    const compiled = [
      { name: 'role', type: 'PostgreSQL::Role' },
      { name: 'queue', type: 'RabbitMQ::Queue' },
      { name: 'marker', type: 'OS::Heat::None' },
    ];
    const ok = adoptIds(
      {
        role: { type: 'PostgreSQL::Role', physicalResourceId: 'app' },
        marker: { type: 'OS::Heat::None', physicalResourceId: null },
      },
      compiled,
    );
    expect([...ok.ids]).toEqual([['role', 'app']]);
    expect(ok.problems).toEqual([]);
    const bad = adoptIds(
      {
        queue: { type: 'RabbitMQ::Exchange', physicalResourceId: 'q' },
        gone: { type: 'OS::Heat::None', physicalResourceId: 'g' },
      },
      compiled,
    );
    expect(bad.problems.map((p) => p.path)).toEqual(['adopt.resources.queue.type', 'adopt.resources.gone']);
    expect(bad.ids.size).toBe(0);
  });

  it('an adopted resource is ready when observed done, waits when pending, fails coded when missing', () => {
    expect(adoptVerdict({ state: 'done' }, 'PostgreSQL::Role', 'app')).toEqual({ kind: 'ready' });
    expect(adoptVerdict({ state: 'pending' }, 'PostgreSQL::Role', 'app')).toEqual({ kind: 'wait' });
    expect(adoptVerdict({ state: 'missing' }, 'PostgreSQL::Role', 'app')).toEqual({
      kind: 'fail',
      code: ADOPT_RESOURCE_MISSING,
      reason: 'cannot adopt PostgreSQL::Role "app": it does not exist',
    });
    expect(adoptVerdict({ state: 'failed', reason: 'broken' }, 'X', 'y')).toEqual({
      kind: 'fail',
      reason: 'broken',
    });
  });
});
