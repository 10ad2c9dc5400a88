// The `yuqing` command line: serve, migrate, users and tokens, import, analyze, reanalyze,
// cluster, alerts, and drill (a tabletop exercise of a whole major incident through the API).
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { bootstrap } from '../bootstrap.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import {
  ROLES,
  TOKEN_SCOPES,
  LEADER_KINDS,
  type LeaderKind,
  type Role,
  type TokenScope,
} from '../domain/access.ts';
import { AppError } from '../errors.ts';
import type { CsvMapping } from '../ingest/csv.ts';
import { importFile, type ImportFormat, type ImportProgress } from '../ingest/file-import.ts';
import { IngestService } from '../ingest/ingest.service.ts';
import { SYSTEM, type ServiceDeps } from '../services/context.ts';
import { AnalysisService } from '../services/analysis.service.ts';
import { AlertService, type AlertView } from '../services/alert.service.ts';
import type { RiskLexicon } from '../analysis/risk-terms.ts';
import { parseSchemeFile, runAnalyze } from './analyze-command.ts';
import { runCluster } from './cluster-command.ts';
import { registerReportCommand } from './report-command.ts';
import {
  DEFAULT_DRILL_PASSWORD,
  DRILL_ROLE_LABELS,
  DRILL_ROLES,
  DrillUsageError,
  parseDrillTitle,
  parseDrillUrl,
  parseDrillUsers,
  runDrill,
} from './drill-command.ts';
import { TokenService } from '../services/token.service.ts';
import { UserService } from '../services/user.service.ts';
import { OrgRepository } from '../store/org.repository.ts';
import { openStore, type Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { serve } from '../server/serve.ts';

function list<T extends string>(allowed: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item as T)) {
        throw new InvalidArgumentError(`unknown ${what} "${item}"; one of ${allowed.join(', ')}`);
      }
    }
    return items as T[];
  };
}

async function withStore<T>(
  config: Config,
  fn: (deps: ServiceDeps, store: Store) => Promise<T>,
  { migrate = true } = {},
): Promise<T> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'yuqing.db'),
  });
  try {
    if (migrate) await migrateToLatest(store.db);
    return await fn({ store, now: () => new Date(), sessionHours: config.sessionHours }, store);
  } finally {
    await store.close();
  }
}

async function readPassword(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  if (process.env.YUQING_PASSWORD) return process.env.YUQING_PASSWORD;
  if (!process.stdin.isTTY) {
    // Read from a pipe: `echo secret | yuqing user add ...`.
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question('password: ');
  } finally {
    rl.close();
  }
}

function parseMapping(spec: string | undefined): CsvMapping {
  const mapping: CsvMapping = {};
  if (!spec) return mapping;
  for (const pair of spec.split(',')) {
    const [field, column] = pair.split('=').map((x) => x.trim());
    if (!field || !column)
      throw new AppError(400, 'invalid_input', `--map: "${pair}" is not field=column`);
    mapping[field] = column;
  }
  return mapping;
}

/** A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal. */
function progressBar(): { update: (p: ImportProgress) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let last = 0;
  return {
    update(p) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      const share = p.bytesTotal ? p.bytesDone / p.bytesTotal : 1;
      const width = 30;
      const filled = Math.round(share * width);
      const rate = Math.round(p.records / Math.max(0.001, (Date.now() - started) / 1000));
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1)}%  ${p.records} records  ${rate}/s  dup ${p.duplicates}  rejected ${p.rejected}`,
      );
    },
    done() {
      if (tty && last) process.stderr.write('\n');
    },
  };
}

export function buildCli(): Command {
  const program = new Command('yuqing')
    .description('Yuqing (舆情): monitoring, early warning and response for public institutions')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command('serve')
    .description('run the server and web UI (PORT, HOST, YUQING_DATA_DIR, DATABASE_URL, ...)')
    .action(async () => {
      await serve(loadConfig());
    });

  program
    .command('migrate')
    .description('bring the database schema up to date (also done by serve)')
    .action(async () => {
      const config = loadConfig();
      await withStore(
        config,
        async (deps) => {
          const r = await bootstrap(deps, { ...config, demo: config.demo ?? false });
          console.log(
            r.migrations.length ? `applied: ${r.migrations.join(', ')}` : 'schema is up to date',
          );
          if (r.generatedAdminPassword) {
            console.log(
              `created user "admin" with password ${r.generatedAdminPassword} (shown once)`,
            );
          }
        },
        { migrate: false },
      );
    });

  program
    .command('import <file>')
    .description(
      'import posts from an NDJSON or CSV file; resumable: a re-run continues where a stopped run left off',
    )
    .option('--format <format>', 'ndjson or csv (default: by file extension)')
    .option('--source <key>', 'source key for records that name none')
    .option(
      '--map <field=column,...>',
      'CSV: take post fields from these columns, e.g. text=review,id=mid,metrics.reposts=reposts_count',
    )
    .option('--unit <code>', 'unit that owns new sources (default: the provincial bureau)')
    .option('--batch-size <n>', 'records per transaction', '1000')
    .option('--again', 'import a completely imported file once more (all duplicates then)')
    .option(
      '--alerts',
      'ask the alert rules of the events the import touches (off: an import of old posts raises no alerts)',
    )
    .action(
      async (
        file: string,
        opts: {
          format?: string;
          source?: string;
          map?: string;
          unit?: string;
          batchSize: string;
          again?: boolean;
          alerts?: boolean;
        },
      ) => {
        const config = loadConfig();
        if (!fs.existsSync(file)) throw new AppError(400, 'invalid_input', `${file}: no such file`);
        if (opts.format && opts.format !== 'ndjson' && opts.format !== 'csv') {
          throw new AppError(400, 'invalid_input', '--format must be ndjson or csv');
        }
        const batchSize = Number(opts.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
          throw new AppError(
            400,
            'invalid_input',
            '--batch-size must be a whole number from 1 to 100000',
          );
        }
        const mapping = parseMapping(opts.map);
        await withStore(config, async (deps) => {
          const org = new OrgRepository(deps.store.db);
          const unit = opts.unit ? await org.getUnitByCode(opts.unit) : await org.rootUnit();
          if (!unit)
            throw new AppError(400, 'invalid_input', `no unit with code ${opts.unit ?? '(root)'}`);
          const bar = progressBar();
          const analysis = new AnalysisService(deps);
          // The running server's dispatcher sends what the import queued (its 1 s timer).
          if (opts.alerts)
            analysis.onEventsTouched = new AlertService(
              deps,
              `${config.publicUrl}/alerts/`,
            ).onEventsTouched;
          const ingest = new IngestService(deps, analysis);
          const summary = await importFile(deps.store.db, ingest, SYSTEM, file, {
            ...(opts.format ? { format: opts.format as ImportFormat } : {}),
            ...(opts.source ? { source: opts.source } : {}),
            mapping,
            unitId: unit.id,
            batchSize,
            again: opts.again ?? false,
            onProgress: bar.update,
          });
          bar.done();
          // Every batch's events tried; one still queued (its assignment failed) is taken up
          // when the server next starts, or by the next import.
          await analysis.events.settled();
          const waiting = analysis.events.queuedBatches;
          await analysis.events.close();
          if (waiting > 0) {
            console.log(
              `${waiting} batch(es) of posts are stored but wait for their events and alerts; the server assigns them when it next starts`,
            );
          }
          if (summary.alreadyDone) {
            console.log(
              `${file} was imported completely before (use --again to import it once more)`,
            );
          }
          if (summary.resumedFrom > 0 && !summary.alreadyDone) {
            console.log(`resumed at byte ${summary.resumedFrom} of ${summary.bytesTotal}`);
          }
          const rate = summary.seconds > 0 ? Math.round(summary.records / summary.seconds) : 0;
          console.log(
            `records ${summary.records}: accepted ${summary.accepted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}` +
              (summary.alreadyDone ? '' : ` (${summary.seconds.toFixed(1)} s, ${rate} records/s)`),
          );
          for (const r of summary.rejections) console.log(`  record ${r.record}: ${r.error}`);
          if (summary.rejected > summary.rejections.length) {
            console.log(
              `  ... and ${summary.rejected - summary.rejections.length} more (see the quarantine)`,
            );
          }
        });
      },
    );

  program
    .command('analyze')
    .description(
      'NDJSON posts ({id, text, title?, author?, source?, region?}) on stdin or --in; one NDJSON ' +
        'result per post on stdout: {id, sentiment:{label,score}, dup_of, regions, risk, schemes}',
    )
    .option('--in <file>', 'read posts from a file instead of stdin')
    .option(
      '--schemes <file>',
      'schemes to match: a JSON array or NDJSON of {id, query} (default: the database’s)',
    )
    .option('--memory <n>', 'posts the near-duplicate check remembers', '200000')
    .action(async (opts: { in?: string; schemes?: string; memory: string }) => {
      const memory = Number(opts.memory);
      if (!Number.isInteger(memory) || memory < 1 || memory > 10_000_000)
        throw new AppError(
          400,
          'invalid_input',
          '--memory must be a whole number from 1 to 10000000',
        );
      if (opts.in && !fs.existsSync(opts.in))
        throw new AppError(400, 'invalid_input', `${opts.in}: no such file`);
      let schemes: { id: string; query: string }[] = [];
      let risk: RiskLexicon | undefined;
      let userWords: string[] | undefined;
      if (opts.schemes) {
        if (!fs.existsSync(opts.schemes))
          throw new AppError(400, 'invalid_input', `${opts.schemes}: no such file`);
        try {
          schemes = parseSchemeFile(fs.readFileSync(opts.schemes, 'utf8'), opts.schemes);
        } catch (e) {
          throw new AppError(400, 'invalid_input', e instanceof Error ? e.message : String(e));
        }
      }
      const config = loadConfig();
      const hasDatabase =
        config.databaseUrl !== undefined || fs.existsSync(path.join(config.dataDir, 'yuqing.db'));
      if (hasDatabase) {
        // The database's risk lexicon and user words apply; its schemes unless --schemes names others.
        await withStore(config, async (deps) => {
          const analysis = new AnalysisService(deps);
          const settings = await analysis.settings(SYSTEM);
          risk = settings.risk_lexicon;
          userWords = settings.user_words;
          if (!opts.schemes) schemes = await analysis.activeSchemeList();
        });
      }
      const input = opts.in ? fs.createReadStream(opts.in) : process.stdin;
      const summary = await runAnalyze(input, process.stdout, { schemes, risk, userWords, memory });
      for (const e of summary.schemeErrors)
        process.stderr.write(`scheme ${e.id} does not compile and matches nothing: ${e.error}\n`);
      process.stderr.write(`analysed ${summary.posts} posts, ${summary.errors} bad lines\n`);
      if (summary.errors > 0) process.exitCode = 1;
    });

  program
    .command('cluster [file]')
    .description(
      'group posts into events: NDJSON {id, text, time?, title?, parentId?, dupGroup?} in stream ' +
        'order from the file or stdin; one NDJSON {id, event} per post on stdout. time: seconds ' +
        'or milliseconds since the epoch, or ISO 8601 text (absent: the latest time seen)',
    )
    .option('--window-hours <n>', 'close an event after this many hours without posts', '168')
    .action(async (file: string | undefined, opts: { windowHours: string }) => {
      const hours = Number(opts.windowHours);
      if (!Number.isFinite(hours) || hours <= 0)
        throw new AppError(400, 'invalid_input', '--window-hours must be a positive number');
      if (file && !fs.existsSync(file))
        throw new AppError(400, 'invalid_input', `${file}: no such file`);
      const input = file ? fs.createReadStream(file) : process.stdin;
      const summary = await runCluster(input, process.stdout, { windowMs: hours * 3600_000 });
      process.stderr.write(
        `clustered ${summary.posts} posts into ${summary.events} events, ${summary.errors} bad lines\n`,
      );
      if (summary.errors > 0) process.exitCode = 1;
    });

  const drill = program
    .command('drill')
    .summary('a tabletop exercise (应急演练) of a major incident against a running server')
    .description(
      'a tabletop exercise (应急演练) against a running server, through its API: the demo users in ' +
        'their roles take a major incident from an active alert (or one opened by hand) to the ' +
        'termination of the response, printing each step and its clocks; exits 1 at the first ' +
        'refused step, 2 on bad usage',
    )
    .requiredOption('--url <url>', 'the server, e.g. http://127.0.0.1:8080')
    .addOption(
      new Option('--password <password>', 'the drill users’ password')
        .env('YUQING_DRILL_PASSWORD')
        .default(DEFAULT_DRILL_PASSWORD),
    )
    .option(
      '--users <part=username,...>',
      `accounts for the parts: ${DRILL_ROLES.map((r) => `${r} ${DRILL_ROLE_LABELS[r]}`).join(', ')}; default: the demo users of those names`,
    )
    .option(
      '--title <title>',
      'the incident’s title, marked 【演练】 (default: the alert’s title, or a made-up rumour)',
    )
    .option('--no-alert', 'open the incident by hand even when an alert is active')
    .option(
      '--real-alert',
      'open it from a real active alert too (default: demo alerts only, real ones stay on the duty queue)',
    )
    .option(
      '--review',
      'after the final report, run the after-action review (总结评估) too: the review report, its approval, the check of its clocks, and the archive',
    )
    // Bad usage exits 2 (a failed step exits 1); --help still exits 0.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(
      async (opts: {
        url: string;
        password: string;
        users?: string;
        title?: string;
        alert: boolean;
        realAlert?: boolean;
        review?: boolean;
      }) => {
        let url: string;
        let users: ReturnType<typeof parseDrillUsers> = {};
        let title: string | undefined;
        try {
          url = parseDrillUrl(opts.url);
          if (opts.users !== undefined) users = parseDrillUsers(opts.users);
          if (opts.title !== undefined) title = parseDrillTitle(opts.title);
        } catch (e) {
          if (e instanceof DrillUsageError) drill.error(`error: ${e.message}`, { exitCode: 2 });
          throw e;
        }
        const result = await runDrill(
          {
            url,
            password: opts.password,
            users,
            title,
            fromAlert: !opts.alert ? 'none' : opts.realAlert ? 'any' : 'demo',
            review: opts.review === true,
          },
          process.stdout,
        );
        process.exitCode = result.exitCode;
      },
    );

  program
    .command('reanalyze')
    .description('analyse stored mentions again (after a scheme, lexicon or model change)')
    .option('--stale', 'only mentions analysed by an older pipeline, or never')
    .action(async (opts: { stale?: boolean }) => {
      const config = loadConfig();
      await withStore(config, async (deps) => {
        const tty = process.stderr.isTTY;
        const started = Date.now();
        let last = 0;
        const r = await new AnalysisService(deps).reanalyse(
          SYSTEM,
          { staleOnly: opts.stale === true },
          (p) => {
            if (!tty && Date.now() - last < 2000 && p.done < p.total) return;
            last = Date.now();
            const rate = Math.round(p.done / Math.max(0.001, (Date.now() - started) / 1000));
            const share = p.total ? ((p.done / p.total) * 100).toFixed(1) : '100.0';
            process.stderr.write(
              `${tty ? '\r' : ''}${p.done}/${p.total} (${share}%) ${rate}/s${tty ? '' : '\n'}`,
            );
          },
        );
        if (tty) process.stderr.write('\n');
        console.log(`re-analysed ${r.done} of ${r.total} mentions`);
      });
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('add <username>')
    .description(
      'create an account; the password comes from --password, $YUQING_PASSWORD, stdin or a prompt',
    )
    .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`, list(ROLES, 'role'))
    .option('--name <display name>', 'name shown in the UI')
    .option('--unit <code>', 'unit code (default: the provincial bureau)')
    .option('--leader-kind <kind>', `for leaders: ${LEADER_KINDS.join(' or ')}`)
    .option(
      '--password <password>',
      'the password (prefer stdin or the prompt: shells keep history)',
    )
    .action(
      async (
        username: string,
        opts: {
          roles: Role[];
          name?: string;
          unit?: string;
          leaderKind?: string;
          password?: string;
        },
      ) => {
        const config = loadConfig();
        const password = await readPassword(opts.password);
        await withStore(config, async (deps) => {
          const org = new OrgRepository(deps.store.db);
          const unit = opts.unit ? await org.getUnitByCode(opts.unit) : await org.rootUnit();
          if (!unit)
            throw new AppError(400, 'invalid_input', `no unit with code ${opts.unit ?? '(root)'}`);
          if (opts.leaderKind && !LEADER_KINDS.includes(opts.leaderKind as LeaderKind)) {
            throw new AppError(
              400,
              'invalid_input',
              `--leader-kind must be ${LEADER_KINDS.join(' or ')}`,
            );
          }
          const u = await new UserService(deps).create(SYSTEM, {
            username,
            display_name: opts.name ?? username,
            password,
            unit_id: unit.id,
            roles: opts.roles,
            leader_kind: (opts.leaderKind as LeaderKind | undefined) ?? null,
          });
          console.log(`created ${u.username} (${u.roles.join(', ')}) in ${unit.name}`);
        });
      },
    );
  user
    .command('list')
    .description('list accounts')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      await withStore(loadConfig(), async (deps) => {
        const users = await new UserService(deps).list(SYSTEM);
        for (const u of users) {
          if (opts.json) console.log(JSON.stringify(u));
          else
            console.log(
              `${u.username.padEnd(16)} ${u.roles.join(',').padEnd(24)} ${u.disabled ? 'disabled ' : ''}${u.display_name}`,
            );
        }
      });
    });
  user
    .command('passwd <username>')
    .description(
      'set a new password (from --password, $YUQING_PASSWORD, stdin or a prompt); unlocks and signs out',
    )
    .option('--password <password>', 'the new password')
    .action(async (username: string, opts: { password?: string }) => {
      const config = loadConfig();
      const password = await readPassword(opts.password);
      await withStore(config, async (deps) => {
        const users = new UserService(deps);
        const u = await users.findByUsername(username);
        if (!u) throw new AppError(404, 'not_found', `no user ${username}`);
        await users.setPassword(SYSTEM, u.id, password);
        console.log(`password of ${username} changed; its sessions ended`);
      });
    });

  const token = program.command('token').description('manage API tokens for machines');
  token
    .command('create <name>')
    .description('create an API token; prints it once')
    .requiredOption(
      '--scopes <scopes>',
      `comma-separated: ${TOKEN_SCOPES.join(', ')}`,
      list(TOKEN_SCOPES, 'scope'),
    )
    .option('--unit <code>', 'unit the token acts for (default: the provincial bureau)')
    .action(async (name: string, opts: { scopes: TokenScope[]; unit?: string }) => {
      await withStore(loadConfig(), async (deps) => {
        const org = new OrgRepository(deps.store.db);
        const unit = opts.unit ? await org.getUnitByCode(opts.unit) : await org.rootUnit();
        if (!unit)
          throw new AppError(400, 'invalid_input', `no unit with code ${opts.unit ?? '(root)'}`);
        const admin = await new UserService(deps).findByUsername('admin');
        if (!admin)
          throw new AppError(409, 'conflict', 'no admin user yet: run `yuqing migrate` first');
        const t = await new TokenService(deps).create(SYSTEM, {
          name,
          scopes: opts.scopes,
          unit_id: unit.id,
          created_by: admin.id,
        });
        console.log(t.token);
        console.error(`token ${t.id} (${t.scopes.join(', ')}) created; it is shown only this once`);
      });
    });

  const alerts = program
    .command('alerts')
    .description('early warning: alerts and the coverage check');
  alerts
    .command('list')
    .description('alerts, newest first')
    .option(
      '--status <status>',
      'active (open or acknowledged), open, acknowledged, dismissed, linked, all',
      'active',
    )
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { status: string; limit: string; json?: boolean }) => {
      const statuses = ['active', 'open', 'acknowledged', 'dismissed', 'linked', 'all'] as const;
      const status = statuses.find((s) => s === opts.status);
      if (!status)
        throw new AppError(400, 'invalid_input', `--status must be one of ${statuses.join(', ')}`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new AppError(400, 'invalid_input', '--limit must be a whole number from 1 to 200');
      await withStore(loadConfig(), async (deps) => {
        const page = await new AlertService(deps).list(SYSTEM, { status, limit });
        for (const a of page.items) {
          if (opts.json) console.log(JSON.stringify(a));
          else console.log(alertLine(a));
        }
        if (!opts.json && page.items.length === 0) console.log('no alerts');
      });
    });
  alerts
    .command('coverage')
    .description(
      'the coverage check: alerts past their deadline, major ones dismissed, open over a day; exits 1 when any is late',
    )
    .option('--json', 'the whole check as one JSON object')
    .action(async (opts: { json?: boolean }) => {
      await withStore(loadConfig(), async (deps) => {
        const c = await new AlertService(deps).coverage(null);
        if (opts.json) console.log(JSON.stringify(c));
        else {
          console.log(
            `checked ${c.checked_at}: ${c.overdue} past their acknowledgement deadline, ${c.dismissed_major} major-looking dismissed (30 days), ${c.open_too_long} open too long`,
          );
          for (const a of c.items)
            console.log(`  ${a.coverage_reasons.join(',').padEnd(24)} ${alertLine(a)}`);
        }
        if (c.overdue > 0) process.exitCode = 1;
      });
    });

  registerReportCommand(program, withStore);

  return program;
}

function alertLine(a: AlertView): string {
  return `${a.fired_at.slice(0, 16).replace('T', ' ')}Z ${a.severity.padEnd(6)} ${a.status.padEnd(12)} ${a.id}  ${a.title}`;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err: unknown) {
    if (err instanceof ConfigError) {
      console.error(`yuqing: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof AppError) {
      const where = Array.isArray(err.details) ? ` (${JSON.stringify(err.details)})` : '';
      console.error(`yuqing: ${err.message}${where}`);
      process.exit(1);
    }
    throw err;
  }
}
