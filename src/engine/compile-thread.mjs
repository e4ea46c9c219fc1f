// Entry of a compile thread: Node 20 does not hand the main thread's TypeScript loader (tsx) to
// worker threads, so register it here, then load the TypeScript worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./compile-worker.ts');
