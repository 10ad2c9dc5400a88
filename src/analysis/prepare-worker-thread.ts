// The analysis worker thread (started by PrepareWorker, prepare-worker.ts): prepares posts with
// the pipeline settings it was last sent, answering each request in order with the settings
// version it used. Holds no state of the stream (no near-duplicate index, no events).
import { parentPort } from 'node:worker_threads';
import { AnalysisPipeline, type PipelineConfig } from './pipeline.ts';
import { preparePost } from './prepare-post.ts';
import { DEFAULT_RISK_LEXICON } from './risk-terms.ts';
import { defaultSegmenter } from './segment.ts';
import type { ToThread, FromThread } from './prepare-worker.ts';

const port = parentPort;
if (!port) throw new Error('prepare-worker-thread: not started as a worker thread');

let pipeline: AnalysisPipeline | null = null;
let current: PipelineConfig | null = null;
let version = 0;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Takes new settings, rebuilding only what changed (a new dictionary costs a segmenter). */
function configure(config: PipelineConfig): void {
  if (!pipeline || !current) {
    pipeline = new AnalysisPipeline({ ...config, maxDuplicateEntries: 1 });
  } else {
    if (!same(current.schemes, config.schemes)) pipeline.setSchemes(config.schemes);
    if (!same(current.risk, config.risk)) pipeline.setRisk(config.risk ?? DEFAULT_RISK_LEXICON);
    if (!same(current.userWords ?? [], config.userWords ?? [])) {
      pipeline.setUserWords(config.userWords ?? []);
    }
  }
  current = config;
}

const send = (m: FromThread) => port.postMessage(m);

port.on('message', (m: ToThread) => {
  switch (m.type) {
    case 'config':
      configure(m.config);
      version = m.version;
      return;
    case 'prepare': {
      if (!pipeline) {
        send({ type: 'failed', id: m.id, error: 'no settings yet' });
        return;
      }
      try {
        const segmenter = defaultSegmenter();
        const posts = m.inputs.map((input) => preparePost(pipeline!, segmenter, input));
        send({ type: 'prepared', id: m.id, version, posts });
      } catch (e) {
        send({ type: 'failed', id: m.id, error: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'crash':
      // For the tests of the fallback: an uncaught error ends the thread, as a bug would.
      throw new Error('analysis worker: crash requested');
  }
});

// Load jieba's dictionary before saying ready, so the first batch does not wait for it.
defaultSegmenter().cut('预热');
send({ type: 'ready' });
