// The cluster worker thread (started by ClusterWorker, cluster-worker.ts): holds the one
// EventClusterer of the handle and answers each call in the order it comes. A call the
// clusterer throws on is answered with its error; the clusterer may then be half-way through
// it, so every later call is refused (STATE_LOST) and the owner starts a new worker.
import { parentPort, workerData } from 'node:worker_threads';
import { timeOrderedId } from '../store/ids.ts';
import { assignOn, makeClusterer } from './cluster-handle.ts';
import { STATE_LOST } from './cluster-worker.ts';
import type {
  ClusterCall,
  ClusterThreadData,
  FromClusterThread,
  ToClusterThread,
} from './cluster-worker.ts';
import type { ClusterBatchResult } from './cluster-handle.ts';
import { defaultSegmenter } from './segment.ts';

const port = parentPort;
if (!port) throw new Error('cluster-worker-thread: not started as a worker thread');

const { options } = workerData as ClusterThreadData;
const clusterer = makeClusterer(
  options,
  options.timeOrderedIds ? () => timeOrderedId() : undefined,
);
/** The first call the clusterer threw on, if any: from then on its state is unknown. */
let broken = false;

function run(call: ClusterCall): ClusterBatchResult | undefined {
  switch (call.type) {
    case 'seed':
      for (const it of call.items) clusterer.seed(it.post, it.event);
      return undefined;
    case 'assign':
      return assignOn(clusterer, call.posts, call.streamTime, call.keywordCount);
    case 'merge':
      clusterer.merge(call.into, call.from);
      return undefined;
    case 'split':
      clusterer.split(call.postIds, call.to);
      return undefined;
  }
}

const send = (m: FromClusterThread) => port.postMessage(m);

port.on('message', (m: ToClusterThread) => {
  if (m.type === 'crash') {
    // For the tests: the thread ends as a bug (an uncaught error) or an exit would end it.
    if (m.how === 'exit') process.exit(3);
    throw new Error('cluster worker: crash requested');
  }
  if (broken) {
    send({ type: 'failed', id: m.id, error: STATE_LOST });
    return;
  }
  let result: ClusterBatchResult | undefined;
  try {
    result = run(m);
  } catch (e) {
    broken = true;
    send({ type: 'failed', id: m.id, error: e instanceof Error ? e.message : String(e) });
    return;
  }
  send(result ? { type: 'done', id: m.id, result } : { type: 'done', id: m.id });
});

// Load jieba's dictionary before saying ready, so the first call does not wait for it.
defaultSegmenter().cut('预热');
send({ type: 'ready' });
