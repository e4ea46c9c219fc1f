import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName, uniqueTenant } from '../support/app.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { createStack, hot, waitForStack } from '../support/stacks.ts';

const processes: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops claiming, lets running actions finish or releases them, and exits 0; another process completes the stack', async () => {
    const tenant = uniqueTenant();
    const env = {
      PORT: '0',
      LOCAL_TENANT: tenant,
      WORKER_TENANTS: tenant,
      LEASE_SECONDS: '30',
      POLL_INTERVAL_MS: '50',
    };
    const service = startServiceProcess('main', env);
    processes.push(service);
    const line = await service.waitFor(/GraphQL API listening/);
    const url = (JSON.parse(line) as { url: string }).url;
    const name = uniqueName('shutdown');
    await createStack(url, {
      name,
      // One resource waits for readiness (held by the observer), one is a slow call (holds a slot).
      template: hot({
        waiting: { type: 'OS::Heat::TestResource', properties: { wait_secs: 3 } },
        slow: { type: 'OS::Heat::TestResource', properties: { busy_secs: 30 } },
      }),
    });
    await waitForStack(url, name, (s) =>
      s.resources.every((r: { status: string }) => r.status === 'CREATE_IN_PROGRESS'),
    );

    const started = Date.now();
    expect(await service.stop()).toBe(0);
    // Within the 10 s grace period plus Neo4j and HTTP teardown, long before the 30 s lease.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(service.output.some((l) => /"released":[1-9]/.test(l))).toBe(true);

    // The released claims are taken at once by another process (no wait for lease expiry).
    const next = startServiceProcess('main', env);
    processes.push(next);
    const nextUrl = (JSON.parse(await next.waitFor(/GraphQL API listening/)) as { url: string }).url;
    const stack = await waitForStack(nextUrl, name, undefined, 90_000);
    expect(stack.status).toBe('CREATE_COMPLETE');
  });
});
