// Test helpers: a real store per test (SQLite in memory, and PostgreSQL in a schema of its
// own when DATABASE_URL is set), and a real server on loopback.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { bootstrap } from '../src/bootstrap.ts';
import { buildApp } from '../src/server/app.ts';
import type { ServiceDeps } from '../src/services/context.ts';
import { openStore, type Dialect, type Store } from '../src/store/db.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

const pgUrl = process.env.DATABASE_URL;
if (process.env.YUQING_REQUIRE_PG === '1' && !pgUrl) {
  throw new Error('YUQING_REQUIRE_PG=1 but DATABASE_URL is not set');
}
if (!pgUrl) {
  console.warn(
    '[tests] DATABASE_URL is not set: PostgreSQL variants of the store tests are skipped',
  );
}

/** The dialects this run tests: SQLite always, PostgreSQL when DATABASE_URL is set. */
export const DIALECTS: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** Opens an empty store; on PostgreSQL in a fresh schema that close() drops. */
export async function openTestStore(dialect: Dialect): Promise<Store> {
  if (dialect === 'sqlite') return openStore({ sqliteFile: ':memory:' });
  if (!pgUrl) throw new Error('DATABASE_URL is not set');
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = await openStore({ databaseUrl: pgUrl, pgSchema: schema, pgPoolSize: 4 });
  return {
    ...store,
    async close() {
      await store.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export function testDeps(store: Store, now: () => Date = () => new Date()): ServiceDeps {
  return { store, now, sessionHours: 12 };
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  deps: ServiceDeps;
  close(): Promise<void>;
}

/** A migrated store with the demo organisation and users, served on 127.0.0.1. */
export async function startTestServer(
  dialect: Dialect = 'sqlite',
  options: { demo?: boolean; webRoot?: string; now?: () => Date; ingestMaxBytes?: number } = {},
): Promise<TestServer> {
  const store = await openTestStore(dialect);
  const deps = testDeps(store, options.now);
  await bootstrap(deps, { adminPassword: ADMIN_PASSWORD, demo: options.demo ?? true });
  const app = await buildApp({
    deps,
    cookieSecure: false,
    logLevel: 'silent',
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.ingestMaxBytes ? { ingestMaxBytes: options.ingestMaxBytes } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // Requests still open, named if closing has to wait on them.
  const open = new Set<string>();
  app.server.on('request', (req: { method?: string; url?: string }, res: NodeJS.EventEmitter) => {
    const name = `${req.method ?? '?'} ${req.url ?? '?'}`;
    open.add(name);
    res.once('close', () => open.delete(name));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    deps,
    async close() {
      // A close that waits over 15 s says on what, then cuts the connections: a test run that
      // passed must not fail in its teardown, nor hide why the teardown waited.
      const timer = setTimeout(() => {
        console.warn(
          `[tests] closing the server waits on: ${[...open].join(', ') || 'no request'}`,
        );
        app.server.closeAllConnections();
      }, 15_000);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
      await store.close();
    },
  };
}

/** A small HTTP client that keeps one session cookie, like a browser would. */
export class Client {
  cookie: string | null = null;
  constructor(
    readonly base: string,
    readonly bearer: string | null = null,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    raw?: { type: string; data: string | Uint8Array },
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = raw.type;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(raw ? { body: raw.data } : {}),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair && !pair.endsWith('=') ? pair : null;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }
  patch(path: string, body: unknown) {
    return this.request('PATCH', path, body);
  }
  put(path: string, body: unknown) {
    return this.request('PUT', path, body);
  }

  async login(username: string, password: string): Promise<this> {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200)
      throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }
}

export const DEMO_PASSWORD_FOR_TESTS = 'yuqing-demo';

/** A machine with an API token of scope `ingest`, made by the admin, as collectors are. */
export async function collectorClient(
  server: { url: string },
  name = 'collector',
): Promise<Client> {
  const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
  const created = await admin.post('/api/v1/tokens', { name, scopes: ['ingest'] });
  if (created.status !== 201) {
    throw new Error(
      `creating an ingest token failed: ${created.status} ${JSON.stringify(created.body)}`,
    );
  }
  return new Client(server.url, created.body.token as string);
}
