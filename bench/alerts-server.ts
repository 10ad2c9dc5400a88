// The server `npm run bench:alerts` starts as a child process (node --import tsx, with an IPC
// channel): what src/server/serve.ts does (store, bootstrap, app, analysis ready and its worker
// thread unless YUQING_ANALYSIS_WORKER=0, alerts ready, the alert dispatcher) without the demo
// replay, the source poller and the retention purge, on embedded SQLite only. Options from the
// environment: YUQING_DATA_DIR (a fresh temp folder), YUQING_ADMIN_PASSWORD, YUQING_DEMO=0, PORT
// (0: any), YUQING_LOG_LEVEL, YUQING_ANALYSIS_WORKER; `--timer-only` starts the
// dispatcher with `wakeOnIngest: false` (the peer). It says `{type:'ready', port}` over IPC and
// answers `{type:'stats'}` with its CPU time, event-loop delay and the time spent in the ingest
// call, in the alert firing inside it and in the dispatcher's sendDue runs (measured by wrapping
// those calls here; the code under test is not changed). Should the bench die without stopping
// it (SIGKILL), it stops when the IPC channel closes and removes BENCH_TEMP_DIR.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ClusterWorker } from '../src/analysis/cluster-worker.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/server/app.ts';
import { openStore } from '../src/store/db.ts';

export interface ServerStats {
  cpuUserMs: number;
  cpuSystemMs: number;
  wallMs: number;
  /** Share of the wall time the main thread was busy (event-loop utilisation, 0..1). */
  mainBusy: number;
  /** Mentions whose stateless analysis came from the worker thread, and those done in-thread. */
  analysed: { worker: number; inThread: number };
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Each POST /api/v1/ingest's service call (validation, analysis, clustering, firing, commit). */
  ingest: Timing;
  /** The alert firing inside the ingest transaction (alerts.onEventsTouched). */
  firing: Timing;
  /** Each run of the dispatcher's sendDue (the select of due deliveries, the sends, the marks). */
  sendDue: Timing & { attempted: number };
  /** alerts.escalateDue, which the dispatcher's 1 s timer calls: most running at once. */
  escalateDue: Timing & { maxConcurrent: number };
}

export interface Timing {
  count: number;
  totalMs: number;
  p50: number;
  p99: number;
  max: number;
}

export type ServerMessage = { type: 'ready'; port: number } | { type: 'stats'; stats: ServerStats };
export type BenchMessage = { type: 'stats' } | { type: 'reset' };

class Timings {
  private ms: number[] = [];
  add(ms: number): void {
    this.ms.push(ms);
  }
  reset(): void {
    this.ms = [];
  }
  summary(): Timing {
    const s = [...this.ms].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
    return {
      count: s.length,
      totalMs: s.reduce((a, b) => a + b, 0),
      p50: at(0.5),
      p99: at(0.99),
      max: s.at(-1) ?? 0,
    };
  }
}

async function main(): Promise<void> {
  if (!process.send)
    throw new Error('bench/alerts-server.ts runs as a child of bench/alerts.bench.ts');
  const timerOnly = process.argv.includes('--timer-only');
  const config = loadConfig(process.env);
  if (config.demo !== false) throw new Error('the alert bench server needs YUQING_DEMO=0');
  if (!config.adminPassword) throw new Error('the alert bench server needs YUQING_ADMIN_PASSWORD');
  // Embedded SQLite in the given folder, whatever DATABASE_URL says.
  const store = await openStore({ sqliteFile: path.join(config.dataDir, 'yuqing.db') });
  const deps = { store, now: () => new Date(), sessionHours: config.sessionHours };
  await bootstrap(deps, config);
  const app = await buildApp({
    deps,
    cookieSecure: false,
    logLevel: config.logLevel,
    ingestMaxBytes: config.ingestMaxBytes,
    publicUrl: config.publicUrl,
  });
  await app.services.analysis.ready();
  // As serve.ts does: the analysis worker thread unless YUQING_ANALYSIS_WORKER=0.
  if (config.analysisWorker) app.services.analysis.startWorker(app.log);
  // As serve.ts does: the event clusterer in its own thread unless YUQING_CLUSTER_WORKER=0.
  app.services.analysis.events.useLog(app.log);
  if (config.clusterWorker) {
    app.services.analysis.events.useClusterWorker((o) => ClusterWorker.start(o, app.log));
  }
  await app.services.analysis.events.resume();
  await app.services.alerts.ready();

  // Instrumentation: wrap the calls, keep their behaviour.
  const ingestT = new Timings();
  const firingT = new Timings();
  const sendT = new Timings();
  let attempted = 0;
  const ingest = app.services.ingest;
  const ingestCall = ingest.ingest.bind(ingest);
  ingest.ingest = async (...args: Parameters<typeof ingestCall>) => {
    const t0 = performance.now();
    try {
      return await ingestCall(...args);
    } finally {
      ingestT.add(performance.now() - t0);
    }
  };
  const analysis = app.services.analysis;
  const fire = analysis.onEventsTouched;
  if (fire) {
    analysis.onEventsTouched = async (trx, touched) => {
      const t0 = performance.now();
      try {
        await fire(trx, touched);
      } finally {
        firingT.add(performance.now() - t0);
      }
    };
  }
  const dispatcher = app.services.alertDispatcher;
  const sendDue = dispatcher.sendDue.bind(dispatcher);
  dispatcher.sendDue = async () => {
    const t0 = performance.now();
    try {
      const n = await sendDue();
      attempted += n;
      return n;
    } finally {
      sendT.add(performance.now() - t0);
    }
  };

  const escalateT = new Timings();
  let escalating = 0;
  let maxEscalating = 0;
  const alerts = app.services.alerts;
  const escalateDue = alerts.escalateDue.bind(alerts);
  alerts.escalateDue = async () => {
    const t0 = performance.now();
    maxEscalating = Math.max(maxEscalating, ++escalating);
    try {
      return await escalateDue();
    } finally {
      escalating--;
      escalateT.add(performance.now() - t0);
    }
  };

  dispatcher.start(app.log, { wakeOnIngest: !timerOnly });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let cpu0 = process.cpuUsage();
  let wall0 = performance.now();
  let elu0 = performance.eventLoopUtilization();
  const counted = app.services.analysis.preparedStats;
  let analysed0 = { ...counted };

  let closing = false;
  /** `orphaned`: the bench is gone without stopping us; remove its temp folder as well. */
  const shutdown = (orphaned = false) => {
    if (closing) return;
    closing = true;
    const leftover = orphaned ? process.env.BENCH_TEMP_DIR : undefined;
    const force = setTimeout(() => {
      if (leftover) fs.rmSync(leftover, { recursive: true, force: true });
      process.exit(1);
    }, 10_000);
    force.unref();
    dispatcher.stop();
    loop.disable();
    void app
      .close()
      .then(() => store.close())
      .then(() => {
        if (leftover) fs.rmSync(leftover, { recursive: true, force: true });
        process.exit(0);
      })
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown());
  process.on('SIGINT', () => shutdown());
  // The bench gone (killed): stop too, and leave nothing behind.
  process.on('disconnect', () => shutdown(true));

  process.on('message', (m: BenchMessage) => {
    if (m.type === 'reset') {
      ingestT.reset();
      firingT.reset();
      sendT.reset();
      attempted = 0;
      escalateT.reset();
      maxEscalating = escalating;
      loop.reset();
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      elu0 = performance.eventLoopUtilization();
      analysed0 = { ...counted };
      return;
    }
    const cpu = process.cpuUsage(cpu0);
    const stats: ServerStats = {
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      wallMs: performance.now() - wall0,
      mainBusy: performance.eventLoopUtilization(elu0).utilization,
      analysed: {
        worker: counted.worker - analysed0.worker,
        inThread: counted.inThread - analysed0.inThread,
      },
      loopDelayMs: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
      ingest: ingestT.summary(),
      firing: firingT.summary(),
      sendDue: { ...sendT.summary(), attempted },
      escalateDue: { ...escalateT.summary(), maxConcurrent: maxEscalating },
    };
    process.send?.({ type: 'stats', stats } satisfies ServerMessage);
  });

  await app.listen({ port: config.port, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  process.send({ type: 'ready', port } satisfies ServerMessage);
}

main().catch((err: unknown) => {
  console.error('alerts bench server failed to start:', err);
  process.exit(1);
});
