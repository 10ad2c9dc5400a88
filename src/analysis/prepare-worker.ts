// The analysis worker: one worker thread that does the stateless part of analysing posts
// (prepare-post.ts: every pipeline stage but the near-duplicate index, and the clusterer's
// segmentation and terms) for an ingest batch before its transaction, on the machine's other
// core. The main thread keeps everything that reads or changes state, in commit order.
//
// The thread is sent the pipeline settings with a version number whenever they change; each
// answer names the version it was computed under, and the caller uses it only if that is still
// the current one (else it analyses in-thread). Until the thread is ready, after it died or
// when an answer is late, prepare() answers null and the caller analyses in-thread as before.
import { Worker } from 'node:worker_threads';
import type { PipelineConfig } from './pipeline.ts';
import type { PrepareInput, PreparedPost } from './prepare-post.ts';

export type ToThread =
  | { type: 'config'; version: number; config: PipelineConfig }
  | { type: 'prepare'; id: number; inputs: readonly PrepareInput[] }
  | { type: 'crash' };

export type FromThread =
  | { type: 'ready' }
  | { type: 'prepared'; id: number; version: number; posts: PreparedPost[] }
  | { type: 'failed'; id: number; error: string };

/** A batch the thread prepared, and the settings version it used. */
export interface PreparedBatch {
  version: number;
  posts: PreparedPost[];
}

/** What the worker reports through (the server's logger; pino's (object, message) form). */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A worker thread's log when the caller gives none: warnings to the console. */
export const consoleLog: WorkerLog = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg, obj),
};

const BOOT = new URL('./prepare-worker-boot.js', import.meta.url);

/** How long a batch may wait for the thread before the caller analyses it in-thread. */
const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * The parent's Node flags without its TypeScript loader (the thread registers tsx itself:
 * prepare-worker-boot.js), so `--cpu-prof` and memory limits still apply in the thread.
 */
export function threadExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^(?:--import|--require|-r|--loader|--experimental-loader)$/.test(a)) {
      if (/tsx|vite|vitest/.test(args[i + 1] ?? '')) {
        i++;
        continue;
      }
    } else if (/^--(?:import|require|loader|experimental-loader)=.*(?:tsx|vite|vitest)/.test(a)) {
      continue;
    }
    out.push(a);
  }
  return out;
}

export class PrepareWorker {
  private worker: Worker | null = null;
  private ready = false;
  private stopped = false;
  private config: { version: number; config: PipelineConfig } | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (batch: PreparedBatch | null) => void; timer: NodeJS.Timeout }
  >();
  /** Batches answered by the thread, and those the caller had to do in-thread (no answer). */
  readonly stats = { prepared: 0, missed: 0 };
  private readonly log: WorkerLog;
  private readonly timeoutMs: number;

  constructor(options: { log?: WorkerLog | undefined; timeoutMs?: number | undefined } = {}) {
    this.log = options.log ?? consoleLog;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Whether the thread is up and has said it is ready. */
  get alive(): boolean {
    return this.worker !== null && this.ready;
  }

  /** Starts the thread (it loads in the background; prepare() answers null until then). */
  start(): void {
    if (this.worker || this.stopped) return;
    let worker: Worker;
    try {
      worker = new Worker(BOOT, { execArgv: threadExecArgv() });
    } catch (err) {
      this.log.warn({ err }, 'analysis worker could not start: analysing in the main thread');
      return;
    }
    this.worker = worker;
    // The thread never keeps the process alive: the server's own handles do.
    worker.unref();
    const started = Date.now();
    worker.on('message', (m: FromThread) => {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.log.info({ ms: Date.now() - started }, 'analysis worker ready');
          return;
        case 'prepared':
          this.settle(m.id, { version: m.version, posts: m.posts });
          return;
        case 'failed':
          this.log.warn({ error: m.error }, 'analysis worker failed a batch: analysed in-thread');
          this.settle(m.id, null);
          return;
      }
    });
    worker.on('error', (err) => {
      this.log.warn({ err }, 'analysis worker crashed: analysing in the main thread');
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = false;
      if (!this.stopped) {
        this.log.warn({ code }, 'analysis worker exited: analysing in the main thread');
      }
      for (const id of [...this.pending.keys()]) this.settle(id, null);
    });
    if (this.config) this.post({ type: 'config', ...this.config });
  }

  /** The pipeline settings from now on, under a version number that grows with each change. */
  setConfig(version: number, config: PipelineConfig): void {
    this.config = { version, config };
    this.post({ type: 'config', version, config });
  }

  /**
   * The posts prepared in the thread with the settings it was last sent, in order; null when
   * the thread is not ready, has died, failed the batch or took longer than the timeout.
   */
  prepare(inputs: readonly PrepareInput[]): Promise<PreparedBatch | null> {
    if (!this.worker || !this.ready || !this.config || inputs.length === 0) {
      if (inputs.length > 0) this.stats.missed++;
      return Promise.resolve(null);
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.log.warn({ ms: this.timeoutMs }, 'analysis worker late: batch analysed in-thread');
        this.settle(id, null);
      }, this.timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, timer });
      this.post({ type: 'prepare', id, inputs });
    });
  }

  /** Makes the thread throw (for the tests of the fallback). */
  crashForTest(): void {
    this.post({ type: 'crash' });
  }

  /** Stops the thread; what waits on it is answered null. */
  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    for (const id of [...this.pending.keys()]) this.settle(id, null);
    if (worker) await worker.terminate();
  }

  private settle(id: number, batch: PreparedBatch | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (batch) this.stats.prepared++;
    else this.stats.missed++;
    p.resolve(batch);
  }

  private post(m: ToThread): void {
    this.worker?.postMessage(m);
  }
}
