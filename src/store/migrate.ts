// Versioned migrations, kept in code (not read from a folder) so they run the same from
// source, from a bundle and in tests. Add a file and list it here; never edit a landed one.
import {
  Migrator,
  PostgresAdapter,
  sql,
  type Migration,
  type MigrationProvider,
  type MigrationResult,
} from 'kysely';
import type { Db } from './db.ts';
import * as m0001 from './migrations/0001-organisation.ts';
import * as m0002 from './migrations/0002-ingest.ts';
import * as m0003 from './migrations/0003-reports.ts';
import * as m0004 from './migrations/0004-analysis.ts';
import * as m0005 from './migrations/0005-events.ts';
import * as m0006 from './migrations/0006-event-indexes.ts';
import * as m0007 from './migrations/0007-alerts.ts';
import * as m0008 from './migrations/0008-incidents.ts';
import * as m0009 from './migrations/0009-releases.ts';
import * as m0011 from './migrations/0011-informant-assessment.ts';
import * as m0012 from './migrations/0012-cases.ts';
import * as m0013 from './migrations/0013-briefings.ts';
import * as m0014 from './migrations/0014-performance.ts';
import * as m0015 from './migrations/0015-event-queue.ts';

const migrations: Record<string, Migration> = {
  '0001-organisation': m0001,
  '0002-ingest': m0002,
  '0003-reports': m0003,
  '0004-analysis': m0004,
  '0005-events': m0005,
  '0006-event-indexes': m0006,
  '0007-alerts': m0007,
  '0008-incidents': m0008,
  '0009-releases': m0009,
  '0011-informant-assessment': m0011,
  '0012-cases': m0012,
  '0013-briefings': m0013,
  '0014-performance': m0014,
  '0015-event-queue': m0015,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export interface MigrateOutcome {
  applied: string[];
}

export function migrateToLatest(db: Db): Promise<MigrateOutcome> {
  return migrate(db, null);
}

/** Up to and including the named migration (tests build an older store with it). */
export function migrateTo(db: Db, name: string): Promise<MigrateOutcome> {
  if (!(name in migrations)) throw new Error(`no migration named ${name}`);
  return migrate(db, name);
}

async function migrate(db: Db, target: string | null): Promise<MigrateOutcome> {
  // On PostgreSQL, Kysely looks for its migration tables in every schema unless told which:
  // a database holding several Yuqing schemas (tests run in parallel, each in its own) would
  // make it skip creating them in ours. Name the schema the connection works in.
  const migrationTableSchema = await currentPgSchema(db);
  const migrator = new Migrator({
    db,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const run = () => (target === null ? migrator.migrateToLatest() : migrator.migrateTo(target));
  let outcome = await run();
  // Kysely checks for its tables by listing every schema's; another schema of the database
  // dropped or changed during that query (parallel test runs, each in a schema of its own) fails
  // it with "schema ... does not exist", or "column ... does not exist" from reading a column's
  // sequence, before anything ran: ask again.
  for (let retry = 0; retry < 5 && otherSchemaChanged(outcome, migrationTableSchema); retry++) {
    outcome = await run();
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}

/**
 * Whether Kysely's check for its tables failed only because another schema of the database
 * changed under it (before any migration ran), so asking again is safe.
 */
export function otherSchemaChanged(
  outcome: { error?: unknown; results?: MigrationResult[] | undefined },
  ours: string | undefined,
): boolean {
  const { error, results } = outcome;
  if (!ours || typeof error !== 'object' || error === null) return false;
  // A migration that ran and failed is not this.
  if (results?.some((r) => r.status === 'Error')) return false;
  const e = error as { code?: unknown; message?: unknown; routine?: unknown };
  if (typeof e.message !== 'string') return false;
  if (e.code === '3F000') return !e.message.includes(`"${ours}"`);
  return e.code === '42703' && e.routine === 'pg_get_serial_sequence';
}

async function currentPgSchema(db: Db): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  return rows[0]?.schema ?? undefined;
}
