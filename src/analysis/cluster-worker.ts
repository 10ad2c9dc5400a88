// The event clusterer in a worker thread of its own (ClusterHandle, cluster-handle.ts): the
// thread (cluster-worker-thread.ts) holds the only EventClusterer and answers each call in the
// order it was made, while this thread serves requests and writes the store.
//
// A call is a message with an id; its promise settles with the thread's answer. There is no
// timeout: a slow answer is still the clusterer's answer, and giving up on it would leave its
// state unknown. What fails is a dead thread (every pending and later call rejects), a call the
// clusterer threw on (that call rejects with the error; its state is then unknown, so every
// other pending and later call rejects too) and a closed handle. After any of these the caller
// closes this handle and starts a new one, seeded from the store.
import { Worker } from 'node:worker_threads';
import type {
  ClusterBatchResult,
  ClusterHandle,
  ClusterHandleOptions,
  ClusterSeed,
} from './cluster-handle.ts';
import type { ClusterPost } from './event-cluster.ts';
import { consoleLog, threadExecArgv, type WorkerLog } from './prepare-worker.ts';

/** A call, as the thread receives it. */
export type ClusterCall =
  | { type: 'seed'; items: readonly ClusterSeed[] }
  | { type: 'assign'; posts: readonly ClusterPost[]; streamTime: number; keywordCount: number }
  | { type: 'merge'; into: string; from: readonly string[] }
  | { type: 'split'; postIds: readonly string[]; to: string };

export type ToClusterThread =
  | (ClusterCall & { id: number })
  /** For the tests: the thread throws (an uncaught error, as a bug would) or exits. */
  | { type: 'crash'; how: 'throw' | 'exit' };

export type FromClusterThread =
  | { type: 'ready' }
  /** A call answered; `result` for assign only. */
  | { type: 'done'; id: number; result?: ClusterBatchResult }
  | { type: 'failed'; id: number; error: string };

/** What the thread is started with (workerData). */
export interface ClusterThreadData {
  options: ClusterHandleOptions;
}

const BOOT = new URL('./cluster-worker-boot.js', import.meta.url);

/** Said by every call after one the clusterer threw on (in the thread and here alike). */
export const STATE_LOST = 'clusterer state lost after a failed call';

interface Pending {
  type: ClusterCall['type'];
  resolve: (result: ClusterBatchResult | undefined) => void;
  reject: (err: Error) => void;
}

export class ClusterWorker implements ClusterHandle {
  private nextId = 1;
  /** Calls posted and not yet answered, in the order they were made (Map keeps it). */
  private readonly pending = new Map<number, Pending>();
  /** Why every call now rejects (the thread died, a call failed, or close()); null: healthy. */
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly log: WorkerLog,
  ) {}

  /**
   * Starts the thread with a clusterer made from `options` (makeClusterer, with timeOrderedId()
   * for event ids when `options.timeOrderedIds`); resolves once the thread says it is ready
   * (jieba's dictionary loaded), rejects if it fails to start.
   */
  static async start(
    options: ClusterHandleOptions,
    log: WorkerLog = consoleLog,
  ): Promise<ClusterWorker> {
    const data: ClusterThreadData = { options };
    let worker: Worker;
    try {
      worker = new Worker(BOOT, { execArgv: threadExecArgv(), workerData: data });
    } catch (err) {
      throw new Error(`cluster worker: the thread could not start: ${message(err)}`, {
        cause: err,
      });
    }
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromClusterThread) => {
        if (m.type !== 'ready') return;
        off();
        resolve();
      };
      const onError = (err: unknown) => {
        off();
        worker.on('error', () => undefined); // the thread is going: nothing else to report
        reject(
          new Error(`cluster worker: the thread failed to start: ${message(err)}`, { cause: err }),
        );
        void worker.terminate();
      };
      const onExit = (code: number) => {
        off();
        reject(new Error(`cluster worker: the thread exited (code ${code}) before it was ready`));
      };
      const off = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
    log.info({ ms: Date.now() - started }, 'cluster worker ready');
    const handle = new ClusterWorker(worker, log);
    handle.listen();
    return handle;
  }

  /** Why calls reject, if they do: the thread died, a call failed, or the handle was closed. */
  get error(): Error | null {
    return this.failure;
  }

  async seed(items: readonly ClusterSeed[]): Promise<void> {
    await this.call({ type: 'seed', items });
  }

  async assign(
    posts: readonly ClusterPost[],
    streamTime: number,
    keywordCount: number,
  ): Promise<ClusterBatchResult> {
    const result = await this.call({ type: 'assign', posts, streamTime, keywordCount });
    if (!result) throw new Error('cluster worker: assign answered without a result');
    return result;
  }

  async merge(into: string, from: readonly string[]): Promise<void> {
    await this.call({ type: 'merge', into, from });
  }

  async split(postIds: readonly string[], to: string): Promise<void> {
    await this.call({ type: 'split', postIds, to });
  }

  /** Ends the thread; pending and later calls reject. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Closed says more than any earlier failure, to a later call.
      this.failure = new Error('cluster worker: closed');
      this.fail(this.failure);
      await this.worker.terminate();
    })();
    return this.closing;
  }

  /** Makes the thread throw an uncaught error (`throw`) or exit (`exit`), for the tests. */
  crashForTest(how: 'throw' | 'exit' = 'throw'): void {
    this.worker.postMessage({ type: 'crash', how } satisfies ToClusterThread);
  }

  private listen(): void {
    const worker = this.worker;
    // Referenced only while a call waits for its answer: an idle handle keeps no process alive,
    // and one awaited in a script does.
    worker.unref();
    worker.on('message', (m: FromClusterThread) => {
      switch (m.type) {
        case 'ready':
          return;
        case 'done':
          this.take(m.id)?.resolve(m.result);
          return;
        case 'failed': {
          const p = this.take(m.id);
          if (!p) return;
          p.reject(new Error(`cluster worker: ${p.type} failed: ${m.error}`));
          if (m.error !== STATE_LOST) {
            this.log.warn({ error: m.error, call: p.type }, 'cluster worker: a call failed');
          }
          this.fail(new Error(`cluster worker: ${STATE_LOST} (${p.type}: ${m.error})`));
          return;
        }
      }
    });
    worker.on('error', (err) => {
      this.log.warn({ err }, 'cluster worker: the thread crashed');
      this.fail(new Error(`cluster worker: the thread crashed: ${message(err)}`, { cause: err }));
    });
    worker.on('messageerror', (err) => {
      // An answer that could not be read: which call it was is unknown, so is the state.
      this.log.warn({ err }, 'cluster worker: an answer could not be read');
      this.fail(new Error(`cluster worker: an answer could not be read: ${message(err)}`));
    });
    worker.on('exit', (code) => {
      if (!this.closing) this.log.warn({ code }, 'cluster worker: the thread exited');
      this.fail(new Error(`cluster worker: the thread exited (code ${code})`));
    });
  }

  private call(call: ClusterCall): Promise<ClusterBatchResult | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { type: call.type, resolve, reject });
      try {
        this.worker.postMessage({ ...call, id } satisfies ToClusterThread);
      } catch (err) {
        // Not sent (e.g. a value that cannot be cloned): the clusterer never saw it.
        this.take(id);
        reject(new Error(`cluster worker: ${call.type} not sent: ${message(err)}`, { cause: err }));
      }
    });
  }

  /** Removes a pending call (undefined if it is not pending any more). */
  private take(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return p;
  }

  /** From now on every call rejects (with the first reason); those pending now reject too. */
  private fail(err: Error): void {
    const reason = (this.failure ??= err);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.worker.unref();
    for (const p of waiting) p.reject(reason);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
