// Runs the server for `yuqing serve`: config, store, first-start bootstrap, HTTP, and a
// graceful shutdown on SIGTERM/SIGINT that lets in-flight requests finish.
import path from 'node:path';
import { Cron } from 'croner';
import { ClusterWorker } from '../analysis/cluster-worker.ts';
import { bootstrap } from '../bootstrap.ts';
import { DemoReplay } from '../demo/demo-replay.ts';
import { ROOT_CODE } from '../demo/demo-organisation.ts';
import { RetentionService } from '../services/retention.service.ts';
import { OrgRepository } from '../store/org.repository.ts';
import type { Config } from '../config.ts';
import { openStore } from '../store/db.ts';
import { buildApp } from './app.ts';

export async function serve(config: Config): Promise<void> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'yuqing.db'),
  });
  const deps = { store, now: () => new Date(), sessionHours: config.sessionHours };
  const boot = await bootstrap(deps, config);
  const app = await buildApp({
    deps,
    cookieSecure: config.cookieSecure,
    logLevel: config.logLevel,
    ingestMaxBytes: config.ingestMaxBytes,
    publicUrl: config.publicUrl,
  });

  if (boot.generatedAdminPassword) {
    // Printed once, straight to the terminal and never through the logger.
    process.stdout.write(
      `\n  First start: created user "admin" with password ${boot.generatedAdminPassword}\n` +
        '  Note it now; it is not shown again (set YUQING_ADMIN_PASSWORD to choose it).\n\n',
    );
  }
  if (boot.demoLoaded) {
    app.log.info(
      'demo organisation and demo users loaded (YUQING_DEMO); see README for their sign-in',
    );
  }

  // Load the analysis models, dictionaries and near-duplicate memory before the first post.
  const warm = Date.now();
  await app.services.analysis.ready();
  app.log.info({ ms: Date.now() - warm }, 'analysis pipeline ready');
  // The event clusterer in a worker thread of its own (stopped with the app), seeded with the
  // open events; batches a crash left queued are assigned first.
  app.services.analysis.events.useLog(app.log);
  if (config.clusterWorker) {
    app.services.analysis.events.useClusterWorker((o) => ClusterWorker.start(o, app.log));
  }
  const seeded = Date.now();
  await app.services.analysis.events.resume();
  app.log.info({ ms: Date.now() - seeded }, 'event clusterer ready');
  // Batches an import beside the server left without events for 5 minutes: taken up here.
  app.services.analysis.events.adoptStale(60_000, 5 * 60_000);
  // The stateless part of each batch's analysis in a worker thread (stopped with the app).
  if (config.analysisWorker) app.services.analysis.startWorker(app.log);

  // Background work: polling sources, alert delivery and escalation, the daily retention
  // purge, and the demo replay.
  const poller = app.services.poller;
  poller.start(app.log);
  // Alerts: rules and channels loaded, then the outbox, escalations and coverage at work.
  await app.services.alerts.ready();
  const dispatcher = app.services.alertDispatcher;
  dispatcher.start(app.log);
  // Statements go out to their channels (retries with back-off; a final failure alerts).
  app.services.releases.start(app.log);
  // Briefings (日报/周报/月报) made on their schedule and e-mailed to subscribers.
  app.services.briefingScheduler.start(app.log);
  const retention = new RetentionService(deps, config.retentionDays);
  const purge = new Cron('30 3 * * *', { timezone: 'Asia/Shanghai', protect: true }, async () => {
    try {
      app.log.info(await retention.purge(), 'retention purge done');
    } catch (err: unknown) {
      app.log.error({ err }, 'retention purge failed');
    }
  });
  let replay: DemoReplay | null = null;
  if (config.demo !== false && (await new OrgRepository(store.db).getUnitByCode(ROOT_CODE))) {
    replay = new DemoReplay(deps, app.services.ingest);
    replay.start(5000, app.log);
    app.log.info('demo replay running: a made-up scenario, labelled as demo data');
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      app.log.error('shutdown took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    poller.stop();
    dispatcher.stop();
    app.services.releases.stop();
    app.services.briefingScheduler.stop();
    purge.stop();
    replay?.stop();
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info({ address, store: store.dialect }, 'Yuqing is listening');
}
