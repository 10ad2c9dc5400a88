// Configuration from the environment (SPEC.md "Configuration"), validated once at start.
// A bad value stops the start with an error that names the variable.
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false'], { message: 'must be 0 or 1' })
  .transform((v) => v === '1' || v === 'true');

const configSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0..65535')
    .max(65535, 'must be 0..65535')
    .default(8080),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  YUQING_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  YUQING_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  YUQING_DEMO: flag.optional(),
  YUQING_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** 0: analyse posts in the main thread only (no analysis worker thread). */
  YUQING_ANALYSIS_WORKER: flag.default(true),
  /** 0: the event clusterer in the main thread (no clusterer worker thread). */
  YUQING_CLUSTER_WORKER: flag.default(true),
  /** Set to 1 behind an HTTPS proxy so session cookies carry `Secure`. */
  YUQING_COOKIE_SECURE: flag.default(false),
  /** Hours a session lives without use. */
  YUQING_SESSION_HOURS: z.coerce.number().positive('must be positive').default(12),
  /** Days after collection when mentions nothing refers to are purged. */
  YUQING_RETENTION_DAYS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(180),
  /** Largest body the push API accepts, in MiB (larger: 413). */
  YUQING_INGEST_MAX_MB: z.coerce
    .number()
    .positive('must be positive')
    .max(1024, 'must be at most 1024')
    .default(10),
  /** The address people open the web UI at, for links in notifications (default http://HOST:PORT). */
  YUQING_PUBLIC_URL: z.url({ message: 'must be an http(s) URL', protocol: /^https?$/ }).optional(),
});

export interface Config {
  /** Base of links in notifications, without a trailing slash. */
  publicUrl: string;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  /** undefined: load the demo only into an empty database (the default). */
  demo: boolean | undefined;
  logLevel: z.infer<typeof configSchema>['YUQING_LOG_LEVEL'];
  cookieSecure: boolean;
  /** Whether the stateless part of ingest analysis runs in a worker thread. */
  analysisWorker: boolean;
  /** Whether the event clusterer runs in a worker thread of its own. */
  clusterWorker: boolean;
  sessionHours: number;
  ingestMaxBytes: number;
  retentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        // Never echo a secret back; show other values to help the operator.
        const shown = /PASSWORD|DATABASE_URL/.test(name)
          ? ''
          : ` (got ${JSON.stringify(env[name])})`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.YUQING_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    adminPassword: c.YUQING_ADMIN_PASSWORD,
    demo: c.YUQING_DEMO,
    logLevel: c.YUQING_LOG_LEVEL,
    cookieSecure: c.YUQING_COOKIE_SECURE,
    analysisWorker: c.YUQING_ANALYSIS_WORKER,
    clusterWorker: c.YUQING_CLUSTER_WORKER,
    sessionHours: c.YUQING_SESSION_HOURS,
    ingestMaxBytes: Math.round(c.YUQING_INGEST_MAX_MB * 1024 * 1024),
    retentionDays: c.YUQING_RETENTION_DAYS,
    publicUrl: (c.YUQING_PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}`).replace(/\/+$/, ''),
  };
}
