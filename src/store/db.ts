// Opens the store: embedded SQLite (better-sqlite3, WAL, foreign keys on) by default, or
// PostgreSQL when a DATABASE_URL is given. Everything above this layer sees one Kysely type.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; absent: SQLite. */
  databaseUrl?: string | undefined;
  /** SQLite file, or ':memory:'. Used when databaseUrl is absent. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string;
  /** Pool size for PostgreSQL. */
  pgPoolSize?: number;
}

// int8 (count(*), sums) arrives as a string by default; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openStore(options: OpenOptions): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.pgPoolSize ?? 10,
      ...(options.pgSchema ? { options: `-c search_path=${quoteIdent(options.pgSchema)}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // Fail at start, with the cause, when the server is unreachable.
    await sql`select 1`.execute(db);
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // FULL: a committed transaction survives a power cut too, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new TakingTurnsSqliteDialect({ database: cachingStatements(sqlite) }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * SQLite has one connection, which Kysely hands from one waiting transaction to the next in a
 * promise chain: twenty queued ingest batches then ran back to back without the event loop
 * turning once (no request read, no alert sent, no timer run for seconds; measured with
 * `npm run bench:alerts`, docs/ALERTS.md#latency). Whoever gets the connection first lets the
 * event loop take one turn, so I/O waiting since the last transaction is served in between.
 */
class TakingTurnsSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const inner = super.createDriver();
    return new Proxy(inner, {
      get(target, property) {
        if (property === 'acquireConnection') {
          return async () => {
            const connection = await target.acquireConnection();
            await nextTurn();
            return connection;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  }
}

/** Statements kept by SQL text (Kysely prepares every query anew: 2.5 % of an ingest's CPU). */
const STATEMENT_CACHE = 500;

function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      const hit = cache.get(text);
      // A statement still iterating (a streamed query) cannot run again: prepare another.
      if (hit && !hit.busy) return hit;
      const statement = sqlite.prepare(text);
      if (!hit) {
        cache.set(text, statement);
        if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid schema name ${name}`);
  return name;
}
