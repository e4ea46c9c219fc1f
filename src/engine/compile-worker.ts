/**
 * A compile thread of `CompilePool`: compiles templates with the service's built-in resource
 * types, one at a time, off the main event loop. Killed by the pool when a compile overruns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinRegistry, type BuiltinOptions } from '../resources/registry.ts';
import { compileTemplate, type CompileOptions } from '../template/index.ts';

const registry = builtinRegistry(workerData as BuiltinOptions);

parentPort!.on(
  'message',
  (job: { template: string; parameters: Record<string, unknown>; options: CompileOptions }) => {
    parentPort!.postMessage(compileTemplate(job.template, job.parameters, registry, job.options));
  },
);
// Loading takes a while on a busy machine: the pool starts a job's clock only once this arrives.
parentPort!.postMessage('ready');
