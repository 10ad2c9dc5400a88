// Builds the HTTP server: security headers, authentication, the one error handler, the API
// routes, the OpenAPI document, /health and the built web UI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Principal } from '../domain/access.ts';
import { AppError } from '../errors.ts';
import { AuditService } from '../services/audit.service.ts';
import { AuthService } from '../services/auth.service.ts';
import type { ServiceDeps } from '../services/context.ts';
import { OrgService } from '../services/org.service.ts';
import { TokenService } from '../services/token.service.ts';
import { UserService } from '../services/user.service.ts';
import { makeRouter, OpenApiRegistry, SESSION_COOKIE, type Authenticate } from './route.ts';
import { IngestService } from '../ingest/ingest.service.ts';
import { Poller } from '../ingest/poller.ts';
import { registerAuditRoutes } from './routes/audit.routes.ts';
import { NDJSON_TYPES, registerIngestRoutes } from './routes/ingest.routes.ts';
import { registerMentionRoutes } from './routes/mention.routes.ts';
import { registerSourceRoutes } from './routes/source.routes.ts';
import { registerReportRoutes } from './routes/report.routes.ts';
import { ReportService } from '../services/report.service.ts';
import { SourceService } from '../services/source.service.ts';
import { MentionService } from '../services/mention.service.ts';
import { registerAuthRoutes } from './routes/auth.routes.ts';
import { registerSchemeRoutes } from './routes/scheme.routes.ts';
import { registerEventRoutes } from './routes/event.routes.ts';
import { EventQueryService } from '../services/event-query.service.ts';
import { LiveBus } from '../services/live.ts';
import { AnalysisService } from '../services/analysis.service.ts';
import { SchemeService } from '../services/scheme.service.ts';
import { registerOrgRoutes } from './routes/org.routes.ts';
import { registerTokenRoutes } from './routes/token.routes.ts';
import { registerUserRoutes } from './routes/user.routes.ts';
import { registerDutyRoutes } from './routes/duty.routes.ts';
import { DutyService } from '../services/duty.service.ts';
import { AlertService } from '../services/alert.service.ts';
import { AlertDispatcher } from '../services/alert-dispatcher.ts';
import { registerIncidentRoutes } from './routes/incident.routes.ts';
import { registerReleaseRoutes } from './routes/release.routes.ts';
import { ReleaseService } from '../services/release.service.ts';
import { ReviewService } from '../services/review.service.ts';
import { CaseService } from '../services/case.service.ts';
import { registerCaseRoutes } from './routes/case.routes.ts';
import { registerReviewRoutes } from './routes/review.routes.ts';
import { IncidentService } from '../services/incident.service.ts';
import { registerAlertRoutes } from './routes/alert.routes.ts';
import { PerformanceService } from '../services/performance.service.ts';
import { registerPerformanceRoutes } from './routes/performance.routes.ts';
import { BriefingService } from '../services/briefing.service.ts';
import { BriefingScheduler } from '../services/briefing-scheduler.ts';
import { registerBriefingRoutes } from './routes/briefing.routes.ts';
import { InformantService } from '../services/informant.service.ts';
import { registerInformantRoutes } from './routes/informant.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The services behind the routes, for background work started with the server. */
    services: Services;
  }
  interface FastifyRequest {
    /** Set once per request by authentication. */
    auth: { principal: Principal | null; sessionId: string | null } | undefined;
  }
}

export interface Services {
  auth: AuthService;
  users: UserService;
  tokens: TokenService;
  org: OrgService;
  audit: AuditService;
  ingest: IngestService;
  mentions: MentionService;
  sources: SourceService;
  reports: ReportService;
  poller: Poller;
  analysis: AnalysisService;
  schemes: SchemeService;
  eventQueries: EventQueryService;
  duty: DutyService;
  alerts: AlertService;
  alertDispatcher: AlertDispatcher;
  incidents: IncidentService;
  releases: ReleaseService;
  informants: InformantService;
  reviews: ReviewService;
  cases: CaseService;
  briefings: BriefingService;
  briefingScheduler: BriefingScheduler;
  performance: PerformanceService;
  live: LiveBus;
}

export interface AppOptions {
  deps: ServiceDeps;
  cookieSecure: boolean;
  logLevel?: string;
  /** Folder of the built web UI; default web/dist of the package. */
  webRoot?: string;
  /** Largest accepted request body in bytes (the push API has its own limit). */
  bodyLimit?: number;
  /** Largest push-API body in bytes. */
  ingestMaxBytes?: number;
  /** The web UI's address, for links in notifications. */
  publicUrl?: string;
}

export type Router = ReturnType<typeof makeRouter>;

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_ROOT = path.resolve(here, '../../web/dist');
/** /health says `degraded` when a stored batch has waited this long for its events and alerts. */
const EVENTS_LATE_AFTER_MS = 60_000;

export function createServices(deps: ServiceDeps, publicUrl: string | null = null): Services {
  const analysis = new AnalysisService(deps);
  const ingest = new IngestService(deps, analysis);
  const poller = new Poller(deps, ingest);
  const sources = new SourceService(deps, poller);
  const alerts = new AlertService(deps, publicUrl ? `${publicUrl}/alerts/` : null);
  analysis.onEventsTouched = alerts.onEventsTouched;
  const auth = new AuthService(deps);
  const incidents = new IncidentService(deps, alerts);
  // Linking an alert opens a real incident in the same transaction.
  alerts.incidents = incidents;
  const releases = new ReleaseService(deps, alerts, publicUrl);
  incidents.releases = releases;
  const reviews = new ReviewService(deps, incidents, releases);
  const briefings = new BriefingService(deps, {
    alerts,
    incidents,
    events: new EventQueryService(deps),
    sources,
  });
  return {
    auth,
    users: new UserService(deps),
    tokens: new TokenService(deps, (id) => auth.forgetToken(id)),
    org: new OrgService(deps),
    audit: new AuditService(deps),
    ingest,
    mentions: new MentionService(deps, ingest),
    sources,
    poller,
    reports: new ReportService(deps, ingest),
    analysis,
    schemes: new SchemeService(deps, analysis),
    eventQueries: new EventQueryService(deps),
    duty: new DutyService(deps),
    alerts,
    alertDispatcher: new AlertDispatcher(deps, alerts, sources, incidents),
    incidents,
    releases,
    informants: new InformantService(deps, new ReportService(deps, ingest)),
    reviews,
    cases: new CaseService(deps, reviews),
    briefings,
    briefingScheduler: new BriefingScheduler(deps, briefings),
    performance: new PerformanceService(deps, incidents),
    live: (deps.live ??= new LiveBus()),
  };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      // Requests are logged without headers, so cookies and tokens never reach the log.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const services = createServices(deps, options.publicUrl ?? null);
  app.decorate('services', services);

  // JSON only: a cross-site form can send text/plain without a preflight, so refuse it (415).
  app.removeContentTypeParser('text/plain');
  // NDJSON arrives as bytes: each line is decoded on its own, so one bad line is one bad item.
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  await app.register(fastifyCookie);
  app.decorateRequest('auth', undefined);

  // Live streams never go idle: end them, or closing the server would wait for the browsers.
  app.addHook('preClose', (done) => {
    services.live.close();
    done();
  });
  // The clusterer (and its thread) and the analysis worker thread, if one was started.
  app.addHook('onClose', async () => {
    await services.analysis.events.close();
    await services.analysis.stopWorker();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    // A route may set a stricter policy of its own (e.g. htmlReportHeaders of a report page).
    if (!reply.hasHeader('content-security-policy'))
      reply.header(
        'content-security-policy',
        // Ant Design injects its styles at run time, hence 'unsafe-inline' for styles only.
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
      );
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const authenticate: Authenticate = async (request: FastifyRequest) => {
    if (request.auth) return request.auth.principal;
    let principal: Principal | null = null;
    let sessionId: string | null = null;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      principal = await services.auth.authenticateToken(header.slice(7).trim());
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const s = await services.auth.authenticateSession(cookie);
        if (s) ({ principal, sessionId } = s);
      }
    }
    request.auth = { principal, sessionId };
    return principal;
  };

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) void reply.headers(error.headers);
      return reply.code(error.status).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details !== undefined ? { details: error.details } : {}),
        },
      });
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const code =
        e.statusCode === 413
          ? 'payload_too_large'
          : e.statusCode === 415
            ? 'unsupported_media_type'
            : e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? 'invalid_json'
              : 'bad_request';
      return reply
        .code(e.statusCode)
        .send({ error: { code, message: e.message ?? 'bad request' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .send({ error: { code: 'internal', message: 'internal error; see the server log' } });
  });

  const registry = new OpenApiRegistry();
  const route = makeRouter(app, registry, authenticate);

  // Up, and whether stored posts wait for their events and alerts longer than they should (a
  // batch is queued until its second transaction commits; event.service.ts, "On arrival").
  app.get('/health', async (_request, reply) => {
    try {
      const q = await deps.store.db
        .selectFrom('event_queue')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('queued_at').as('oldest')])
        .executeTakeFirstOrThrow();
      const oldest = q.oldest === null ? null : String(q.oldest);
      const late =
        oldest !== null && deps.now().getTime() - Date.parse(oldest) > EVENTS_LATE_AFTER_MS;
      return {
        status: late ? 'degraded' : 'ok',
        store: deps.store.dialect,
        events_queue: { batches: Number(q.n), oldest_queued_at: oldest },
      };
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: deps.store.dialect });
    }
  });
  app.get('/api/openapi.json', () => Promise.resolve(registry.document()));

  registerAuthRoutes(route, services, {
    cookieSecure: options.cookieSecure,
    sessionHours: deps.sessionHours,
  });
  registerOrgRoutes(route, services);
  registerUserRoutes(route, services);
  registerTokenRoutes(route, services);
  registerAuditRoutes(route, services);
  registerMentionRoutes(route, services);
  registerSourceRoutes(route, services);
  registerReportRoutes(route, services);
  registerSchemeRoutes(route, services);
  registerEventRoutes(route, services);
  registerDutyRoutes(route, services);
  registerAlertRoutes(route, services);
  registerIncidentRoutes(route, services);
  registerBriefingRoutes(route, services);
  registerReviewRoutes(route, services);
  registerReleaseRoutes(route, services);
  registerInformantRoutes(route, services);
  registerCaseRoutes(route, services);
  registerPerformanceRoutes(route, services);
  registerIngestRoutes(route, services, { maxBytes: options.ingestMaxBytes ?? 10 * 1024 * 1024 });

  await registerWeb(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}

/** Serves the built single-page app; every non-API GET falls back to its index.html. */
async function registerWeb(app: FastifyInstance, root: string): Promise<void> {
  const index = path.join(root, 'index.html');
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, { root, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.code(404).send({
        error: {
          code: 'not_found',
          message: `no route ${request.method} ${request.url.split('?')[0]}`,
        },
      });
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Yuqing</title><p>The web UI is not built: run <code>npm run build:web</code>.</p>',
        );
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
