// The `yuqing` command line: serve, migrate, user and token management. Later issues add
// import, analyze, cluster, drill and report.
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
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
import { SYSTEM, type ServiceDeps } from '../services/context.ts';
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

  return program;
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
