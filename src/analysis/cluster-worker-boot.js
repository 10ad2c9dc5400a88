// Entry of the cluster worker thread: registers tsx in the thread (whatever ran the parent:
// bin/yuqing.js, `tsx`, vitest; the parent's own loader flags are not passed on), then loads
// the TypeScript worker. See cluster-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./cluster-worker-thread.ts');
