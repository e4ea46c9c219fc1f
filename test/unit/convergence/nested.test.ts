import { describe, expect, it } from 'vitest';
import {
  isTerminalStatus,
  nestedDepthProblem,
  nestedFailureReason,
  nestedOutcome,
  nestedStackName,
} from '../../../src/convergence/nested.ts';

const parent = {
  id: 'r1',
  name: 'server',
  version: 1,
  physicalResourceId: null,
  statusReason: null,
  attributes: {},
  refs: [],
  live: true,
  retryCount: 0,
};
const ready = { properties: { a: 1 }, attributes: { out: 'x' }, dependencyCopies: ['d1'] };

describe('nestedOutcome', () => {
  it('makes the parent ready with the attributes when the child completes its create', () => {
    const child = { id: 'c1', name: 'p-server-1', status: 'CREATE_COMPLETE', statusReason: 'done' };
    const finish = nestedOutcome(parent, 'CREATE', child, ready);
    expect(finish.workState).toBe('DONE');
    expect(finish.observed).toBe(true);
    expect(finish.set).toMatchObject({
      status: 'CREATE_COMPLETE',
      physicalResourceId: 'c1',
      attributes: JSON.stringify({ out: 'x' }),
    });
  });

  it('fails the parent with the nested reason, never retried', () => {
    const child = {
      id: 'c1',
      name: 'p-server-1',
      status: 'CREATE_FAILED',
      statusReason: 'Resource CREATE failed: db: boom',
    };
    const finish = nestedOutcome(parent, 'CREATE', child, ready);
    expect(finish.workState).toBe('FAILED');
    expect(finish.failure).toBe(`Resource CREATE failed: server: ${nestedFailureReason(child)}`);
    expect(finish.set.statusReason).toContain('Resource CREATE failed: db: boom');
    expect(finish.delayMs).toBeUndefined();
  });

  it('takes a completed delete as gone and a failed one as a failure', () => {
    const gone = nestedOutcome(
      parent,
      'DELETE',
      { id: 'c1', name: 'n', status: 'DELETE_COMPLETE', statusReason: null },
      ready,
    );
    expect(gone.workState).toBe('DONE');
    expect(gone.set.live).toBeNull();
    const stuck = nestedOutcome(
      parent,
      'DELETE',
      { id: 'c1', name: 'n', status: 'DELETE_FAILED', statusReason: 'x' },
      ready,
    );
    expect(stuck.workState).toBe('FAILED');
  });

  it('counts an update finished by a child that only had to be created as complete', () => {
    const finish = nestedOutcome(
      parent,
      'UPDATE',
      { id: 'c', name: 'n', status: 'CREATE_COMPLETE', statusReason: null },
      ready,
    );
    expect(finish.set.status).toBe('UPDATE_COMPLETE');
  });
});

describe('nested stack names and depth', () => {
  it('derives a valid stack name from parent and resource', () => {
    expect(nestedStackName('web', 'server', 'abc')).toBe('web-server-abc');
    expect(nestedStackName('web', 'my server/1', 'abc')).toBe('web-my_server_1-abc');
    expect(nestedStackName('x'.repeat(300), 'r', 'abc')).toHaveLength(255);
  });

  it('refuses a level beyond the limit only', () => {
    expect(nestedDepthProblem(5, 5)).toBeNull();
    expect(nestedDepthProblem(6, 5)).toMatch(/^NESTED_STACK_TOO_DEEP/);
  });

  it('knows terminal statuses', () => {
    expect(isTerminalStatus('CREATE_COMPLETE')).toBe(true);
    expect(isTerminalStatus('UPDATE_FAILED')).toBe(true);
    expect(isTerminalStatus('CREATE_IN_PROGRESS')).toBe(false);
  });
});
