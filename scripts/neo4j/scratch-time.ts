import { startInstance } from './runtime.ts';
for (const fresh of [true, false, false, false]) {
  const t0 = Date.now();
  const i = await startInstance({ name: 'scratch', fresh });
  const t1 = Date.now();
  await i.stop();
  console.log(`fresh=${fresh} start ${t1 - t0} ms, stop ${Date.now() - t1} ms`);
}
