// Official information release (信息发布, [P9], [P14]): the public record of statements, the
// channel work that follows a statement (one publication per channel, sent by its adapter with
// retries, or recorded by a person with a URL and a screenshot), the share kit, the effect on
// the incident's events, and the settings (adapters and their credentials). Publishing itself
// is an incident step (src/domain/incident-steps.ts `publish_release`): the incident service
// calls `project` in that step's transaction, so a statement and its publications commit
// together with the step that made them.
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { isOffice } from '../domain/incident-steps.ts';
import type { Incident } from '../domain/incident.ts';
import { errors } from '../errors.ts';
import { REDACTED } from '../notify/channel-config.ts';
import {
  adapterConfigSchema,
  adapterSecrets,
  keepSecrets,
  KeepSecretsError,
  manualAdapterSchema,
  redactAdapterConfig,
  type AdapterConfig,
} from '../publish/adapter-config.ts';
import { PublishError, publishTo } from '../publish/adapters.ts';
import { releaseHeading, releaseText } from '../publish/release-text.ts';
import {
  RELEASE_CHANNEL_LABELS,
  RELEASE_CHANNELS,
  type PublicRelease,
  type ReleaseChannel,
} from '../publish/types.ts';
import { afterCommit } from '../store/after-commit.ts';
import type { Db } from '../store/db.ts';
import { timeOrderedId } from '../store/ids.ts';
import {
  ReleaseRepository,
  toPublicRelease,
  type PublicationView,
} from '../store/release.repository.ts';
import type { AlertService } from './alert.service.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { SerialRun } from './serial-run.ts';
import { readSettingRow } from './settings-store.ts';

const SETTINGS_KEY = 'releases';
/** Seconds to wait before attempt 2, 3, ...; after the last, the publication has failed. */
export const RETRY_DELAYS_S = [30, 120, 600, 1800] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length + 1;
const MAX_PROOF_BYTES = 5 * 1024 * 1024;
const PROOF_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export const releaseSettingsSchema = z
  .object({
    /** The public page's title. */
    siteTitle: z.string().trim().min(1).max(100),
    /** Where the public page is reached from outside (links in the feed, QR code, adapters). */
    publicBaseUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable(),
    /** The adapter per channel; a channel without one is manual (a person records the proof). */
    adapters: z
      .object({
        website: adapterConfigSchema.optional(),
        weibo: adapterConfigSchema.optional(),
        wechat: adapterConfigSchema.optional(),
        // Held in a room, not posted: a person records where it was reported.
        press_conference: manualAdapterSchema.optional(),
        media_briefing: manualAdapterSchema.optional(),
      })
      .strict(),
  })
  .strict();
export type ReleaseSettings = z.output<typeof releaseSettingsSchema>;

export const DEFAULT_RELEASE_SETTINGS: ReleaseSettings = {
  siteTitle: '权威信息发布',
  publicBaseUrl: null,
  adapters: {},
};

export const proofBody = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    /** A screenshot of the statement where it appeared, base64. */
    screenshot: z
      .object({
        name: z.string().trim().min(1).max(200),
        type: z.enum(PROOF_TYPES),
        data: z.string().min(1).max(8_000_000),
      })
      .strict()
      .optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export type ProofInput = z.output<typeof proofBody>;

export interface PublicationItem {
  id: string;
  channel: ReleaseChannel;
  channelLabel: string;
  adapter: string;
  status: PublicationView['status'];
  attempts: number;
  dueAt: string | null;
  lastError: string | null;
  detail: string | null;
  url: string | null;
  externalId: string | null;
  proof: { name: string; type: string; sha256: string } | null;
  recordedBy: string | null;
  publishedAt: string | null;
}

export interface ReleaseItem extends PublicRelease {
  incidentId: string;
  approvalId: string;
  pageUrl: string;
  publications: PublicationItem[];
}

export interface ShareKit {
  releaseId: string;
  status: PublicRelease['status'];
  pageUrl: string;
  feedUrl: string;
  /** Attributed, official wording to share under one's own name: heading, text, source, link. */
  text: string;
  /** The Q&A alone, when there is one. */
  qaText: string | null;
  /** A QR code of the page address, SVG and PNG (data URL, for an <img> or a download). */
  qrSvg: string;
  qrPng: string;
}

export interface EffectWindow {
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  /** Mean sentiment score in [-1, 1]; null with no analysed mention. */
  meanScore: number | null;
}

export interface ReleaseEffect {
  releaseId: string;
  publishedAt: string;
  hours: number;
  events: {
    eventId: string;
    title: string;
    before: EffectWindow;
    after: EffectWindow;
    /** Mentions per hour, from `hours` before to `hours` after (2 x hours buckets). */
    series: { at: string; mentions: number; negative: number }[];
  }[];
}

function publicationItem(p: PublicationView): PublicationItem {
  return {
    id: p.id,
    channel: p.channel,
    channelLabel: RELEASE_CHANNEL_LABELS[p.channel],
    adapter: p.adapter,
    status: p.status,
    attempts: p.attempts,
    dueAt: p.due_at,
    lastError: p.last_error,
    detail: p.detail,
    url: p.url,
    externalId: p.external_id,
    proof:
      p.proof_sha256 && p.proof_name && p.proof_type
        ? { name: p.proof_name, type: p.proof_type, sha256: p.proof_sha256 }
        : null,
    recordedBy: p.recorded_by,
    publishedAt: p.published_at,
  };
}

function emptyWindow(): EffectWindow & { scoreSum: number; scored: number } {
  return {
    mentions: 0,
    negative: 0,
    neutral: 0,
    positive: 0,
    meanScore: null,
    scoreSum: 0,
    scored: 0,
  };
}

export class ReleaseService {
  private readonly db: Db;
  private readonly run = new SerialRun(
    () => this.sendDue(),
    (err) => this.log?.error({ err }, 'release publishing run failed'),
  );
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly alerts: AlertService | null,
    /** The server's own address, when no public base URL is configured. */
    private readonly fallbackBaseUrl: string | null = null,
  ) {
    this.db = deps.store.db;
  }

  // ---- settings ----

  private async loadSettings(db: Db = this.db): Promise<ReleaseSettings> {
    const raw = await readSettingRow(db, SETTINGS_KEY);
    if (raw === undefined) return DEFAULT_RELEASE_SETTINGS;
    const parsed = releaseSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_RELEASE_SETTINGS;
  }

  private redacted(s: ReleaseSettings): ReleaseSettings {
    const adapters: Record<string, AdapterConfig> = {};
    for (const c of RELEASE_CHANNELS) {
      const a = s.adapters[c];
      if (a) adapters[c] = redactAdapterConfig(a);
    }
    return { ...s, adapters: adapters };
  }

  async settings(actor: Actor): Promise<ReleaseSettings> {
    authorize(actor, 'incident.manage');
    return this.redacted(await this.loadSettings());
  }

  /** Replaces the settings; a secret sent back as the mask keeps the stored one. */
  async putSettings(actor: Actor, input: unknown): Promise<ReleaseSettings> {
    authorize(actor, 'incident.manage');
    const stored = await this.loadSettings();
    let merged: unknown = input;
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      const body = input as Record<string, unknown>;
      const adapters = body.adapters;
      if (adapters && typeof adapters === 'object' && !Array.isArray(adapters)) {
        const kept: Record<string, unknown> = {};
        for (const [channel, config] of Object.entries(adapters)) {
          try {
            kept[channel] = keepSecrets(config, stored.adapters[channel as ReleaseChannel]);
          } catch (e: unknown) {
            if (e instanceof KeepSecretsError) {
              throw errors.invalidInput(e.message, [
                { path: `body.adapters.${channel}.${e.field}`, message: e.message },
              ]);
            }
            throw e;
          }
        }
        merged = { ...body, adapters: kept };
      }
    }
    const parsed = releaseSettingsSchema.safeParse(merged);
    if (!parsed.success) {
      throw errors.invalidInput(
        'invalid release settings',
        parsed.error.issues.map((i) => ({
          path: ['body', ...i.path.map(String)].join('.'),
          message: i.message,
        })),
      );
    }
    const value = parsed.data;
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      const json = JSON.stringify(value);
      await trx
        .insertInto('settings')
        .values({ key: SETTINGS_KEY, value: json, updated_at: now.toISOString() })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ value: json, updated_at: now.toISOString() }),
        )
        .execute();
      // The audit log keeps the change without its secrets.
      await audit(trx, actor, now, {
        action: 'release.settings',
        objectType: 'setting',
        objectId: SETTINGS_KEY,
        before: this.redacted(stored),
        after: this.redacted(value),
      });
    });
    return this.redacted(value);
  }

  async baseUrl(db: Db = this.db): Promise<string> {
    const s = await this.loadSettings(db);
    return (s.publicBaseUrl ?? this.fallbackBaseUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  }

  async siteTitle(): Promise<string> {
    return (await this.loadSettings()).siteTitle;
  }

  // ---- the projection, called by the incident service inside a publishing step ----

  /**
   * Writes the incident's statements to the public record and, for each new one, a
   * publication per channel: pending for a channel with an adapter (sent after commit),
   * awaiting proof for a manual one.
   */
  async project(
    trx: Db,
    actor: Actor,
    inc: Incident,
    opts: { isDemo?: boolean } = {},
  ): Promise<void> {
    const repo = new ReleaseRepository(trx);
    const fresh = await repo.project(inc, opts);
    if (!fresh.length) return;
    const settings = await this.loadSettings(trx);
    const now = this.deps.now();
    const at = now.toISOString();
    let queued = false;
    for (const id of fresh) {
      const r = inc.releases.find((x) => x.id === id);
      if (!r) continue;
      for (const channel of r.channels) {
        const adapter = settings.adapters[channel]?.kind ?? 'manual';
        const status = adapter === 'manual' ? 'awaiting_proof' : 'pending';
        queued ||= status === 'pending';
        await repo.insertPublication({
          id: timeOrderedId(now.getTime()),
          releaseId: id,
          channel,
          adapter,
          status,
          at,
        });
      }
      await audit(trx, actor, now, {
        action: 'release.publish',
        objectType: 'release',
        objectId: id,
        after: {
          incident: inc.id,
          approval: r.approvalId,
          content_hash: r.contentHash,
          channels: r.channels,
          corrects: r.corrects,
        },
      });
    }
    if (queued) afterCommit(trx, () => this.wake());
  }

  // ---- the public record ----

  private async toPublic(rows: Awaited<ReturnType<ReleaseRepository['list']>>) {
    const names = await new ReleaseRepository(this.db).unitNames(rows.map((r) => r.unit_id));
    return rows.map((r) => toPublicRelease(r, names.get(r.unit_id) ?? r.unit_id));
  }

  /** Every statement, newest first, as the public sees it (no sign-in). */
  async listPublic(limit = 200): Promise<PublicRelease[]> {
    return this.toPublic(await new ReleaseRepository(this.db).list({ limit }));
  }

  /** One statement with the statements it corrects and that correct it (its history). */
  async getPublic(id: string): Promise<{ release: PublicRelease; related: PublicRelease[] }> {
    const repo = new ReleaseRepository(this.db);
    const row = await repo.get(id);
    if (!row) throw errors.notFound('statement');
    const chain = [row];
    const seen = new Set([row.id]);
    for (const dir of ['corrects', 'corrected_by'] as const) {
      let next = row[dir];
      while (next && !seen.has(next)) {
        seen.add(next);
        const r = await repo.get(next);
        if (!r) break;
        chain.push(r);
        next = r[dir];
      }
    }
    const [release, ...related] = await this.toPublic(chain);
    if (!release) throw errors.notFound('statement');
    related.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : 1));
    return { release, related };
  }

  // ---- staff ----

  private async items(
    rows: Awaited<ReturnType<ReleaseRepository['list']>>,
  ): Promise<ReleaseItem[]> {
    const repo = new ReleaseRepository(this.db);
    const pubs = await repo.publications(rows.map((r) => r.id));
    const base = await this.baseUrl();
    const pub = await this.toPublic(rows);
    return pub.map((p, i) => ({
      ...p,
      incidentId: rows[i]!.incident_id,
      approvalId: rows[i]!.approval_id,
      pageUrl: `${base}/releases/${p.id}`,
      publications: pubs.filter((x) => x.release_id === p.id).map(publicationItem),
    }));
  }

  async list(actor: Actor, q: { incidentId?: string; limit?: number }): Promise<ReleaseItem[]> {
    authorize(actor, 'release.read');
    const rows = await new ReleaseRepository(this.db).list({
      limit: q.limit ?? 100,
      ...(q.incidentId ? { incidentId: q.incidentId } : {}),
    });
    return this.items(rows);
  }

  async get(actor: Actor, id: string): Promise<ReleaseItem> {
    authorize(actor, 'release.read');
    const row = await new ReleaseRepository(this.db).get(id);
    if (!row) throw errors.notFound('statement');
    const [item] = await this.items([row]);
    if (!item) throw errors.notFound('statement');
    return item;
  }

  async shareKit(actor: Actor, id: string): Promise<ShareKit> {
    authorize(actor, 'release.read');
    const { release } = await this.getPublic(id);
    if (release.status === 'withdrawn')
      throw errors.conflict('this statement has been withdrawn: there is nothing to share');
    const base = await this.baseUrl();
    const pageUrl = `${base}/releases/${release.id}`;
    const heading = releaseHeading(release.content);
    const text = [
      `【${release.unitName}】${heading}`,
      releaseText(release.content),
      `来源：${release.unitName}，${release.publishedAt.slice(0, 10)}`,
      `原文：${pageUrl}`,
    ].join('\n\n');
    const qaText = release.content.qa.length
      ? release.content.qa.map((p, i) => `问${i + 1}：${p.question}\n答：${p.answer}`).join('\n\n')
      : null;
    const qrSvg = await QRCode.toString(pageUrl, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    const qrPng = await QRCode.toDataURL(pageUrl, {
      errorCorrectionLevel: 'M',
      margin: 2,
      scale: 6,
    });
    return {
      releaseId: release.id,
      status: release.status,
      qrPng,
      pageUrl,
      feedUrl: `${base}/releases/feed.xml`,
      text,
      qaText,
      qrSvg,
    };
  }

  /** Volume and sentiment of the incident's events before and after the statement. */
  async effect(actor: Actor, id: string, hours = 24): Promise<ReleaseEffect> {
    authorize(actor, 'release.read');
    const row = await new ReleaseRepository(this.db).get(id);
    if (!row) throw errors.notFound('statement');
    const inc = await this.db
      .selectFrom('incidents')
      .select(['record', 'unit_id'])
      .where('id', '=', row.incident_id)
      .executeTakeFirst();
    authorize(actor, 'event.read', row.unit_id);
    const eventIds = inc?.record ? (JSON.parse(inc.record) as Incident).eventIds : [];
    return this.effectOf(row.id, row.published_at, eventIds, hours);
  }

  /**
   * The effect of an incident's statement for a reader already allowed to read that incident
   * (the after-action review): the incident's own read rules decide, not the statement's unit.
   */
  effectForIncidentReader(
    release: { id: string; at: string },
    eventIds: readonly string[],
    hours = 24,
  ): Promise<ReleaseEffect> {
    return this.effectOf(release.id, release.at, eventIds, hours);
  }

  /** The statements that concern an event, each with its effect on it. */
  async effectForEvent(actor: Actor, eventId: string, hours = 24): Promise<ReleaseEffect[]> {
    authorize(actor, 'event.read');
    const rows = await this.db
      .selectFrom('releases')
      .innerJoin('incident_links', 'incident_links.incident_id', 'releases.incident_id')
      .select(['releases.id', 'releases.published_at'])
      .where('incident_links.kind', '=', 'event')
      .where('incident_links.event_id', '=', eventId)
      .orderBy('releases.published_at')
      .execute();
    const out: ReleaseEffect[] = [];
    for (const r of rows) out.push(await this.effectOf(r.id, r.published_at, [eventId], hours));
    return out;
  }

  private async effectOf(
    releaseId: string,
    publishedAt: string,
    eventIds: readonly string[],
    hours: number,
  ): Promise<ReleaseEffect> {
    const t = Date.parse(publishedAt);
    const HOUR = 3_600_000;
    const from = new Date(t - hours * HOUR).toISOString();
    const to = new Date(t + hours * HOUR).toISOString();
    const events: ReleaseEffect['events'] = [];
    for (const eventId of eventIds) {
      const ev = await this.db
        .selectFrom('events')
        .select(['id', 'title'])
        .where('id', '=', eventId)
        .executeTakeFirst();
      if (!ev) continue;
      const rows = await this.db
        .selectFrom('mention_events')
        .innerJoin('mentions', 'mentions.id', 'mention_events.mention_id')
        .leftJoin('mention_analysis', 'mention_analysis.mention_id', 'mentions.id')
        .select([
          'mentions.published_at',
          'mentions.collected_at',
          'mention_analysis.sentiment',
          'mention_analysis.sentiment_score',
        ])
        .where('mention_events.event_id', '=', eventId)
        .where((eb) =>
          eb.or([
            eb.and([eb('mentions.published_at', '>=', from), eb('mentions.published_at', '<', to)]),
            eb.and([
              eb('mentions.published_at', 'is', null),
              eb('mentions.collected_at', '>=', from),
              eb('mentions.collected_at', '<', to),
            ]),
          ]),
        )
        .execute();
      const before = emptyWindow();
      const after = emptyWindow();
      const series = Array.from({ length: 2 * hours }, (_, i) => ({
        at: new Date(t - hours * HOUR + i * HOUR).toISOString(),
        mentions: 0,
        negative: 0,
      }));
      for (const m of rows) {
        const at = Date.parse(m.published_at ?? m.collected_at);
        const w = at < t ? before : after;
        w.mentions += 1;
        if (m.sentiment) w[m.sentiment] += 1;
        if (m.sentiment_score !== null && m.sentiment_score !== undefined) {
          w.scoreSum += m.sentiment_score;
          w.scored += 1;
        }
        const b = series[Math.floor((at - (t - hours * HOUR)) / HOUR)];
        if (b) {
          b.mentions += 1;
          if (m.sentiment === 'negative') b.negative += 1;
        }
      }
      const done = (w: ReturnType<typeof emptyWindow>): EffectWindow => ({
        mentions: w.mentions,
        negative: w.negative,
        neutral: w.neutral,
        positive: w.positive,
        meanScore: w.scored ? Math.round((w.scoreSum / w.scored) * 1000) / 1000 : null,
      });
      events.push({ eventId, title: ev.title, before: done(before), after: done(after), series });
    }
    return { releaseId, publishedAt, hours, events };
  }

  // ---- publications: retries and proofs ----

  private async publicationFor(actor: Actor, id: string): Promise<PublicationView> {
    authorize(actor, 'release.publish');
    const p = actor.principal;
    if (p && (p.kind !== 'user' || !isOffice(p)))
      throw errors.forbidden('only the office publishes ([P8])');
    const pub = await new ReleaseRepository(this.db).publication(id);
    if (!pub) throw errors.notFound('publication');
    return pub;
  }

  /** A failed publication goes again now (attempts start over). */
  async retry(actor: Actor, id: string): Promise<PublicationItem> {
    const pub = await this.publicationFor(actor, id);
    if (pub.status !== 'failed')
      throw errors.conflict(`this publication is ${pub.status}: only a failed one is retried`);
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      const repo = new ReleaseRepository(trx);
      if (
        !(await repo.updatePublication(id, pub.attempts, {
          status: 'pending',
          attempts: 0,
          due_at: now.toISOString(),
          updated_at: now.toISOString(),
        }))
      )
        throw errors.conflict('the publication changed meanwhile; reload');
      await audit(trx, actor, now, {
        action: 'release.retry',
        objectType: 'publication',
        objectId: id,
        after: { channel: pub.channel },
      });
      afterCommit(trx, () => this.wake());
    });
    return publicationItem((await new ReleaseRepository(this.db).publication(id))!);
  }

  /** A person records where the statement appeared (URL) with a screenshot as proof. */
  async recordProof(actor: Actor, id: string, input: ProofInput): Promise<PublicationItem> {
    const pub = await this.publicationFor(actor, id);
    if (pub.status === 'pending')
      throw errors.conflict('this publication is being sent by its adapter: wait for its outcome');
    let shot: { name: string; type: string; data: Buffer; sha256: string } | null = null;
    if (input.screenshot) {
      const data = Buffer.from(input.screenshot.data, 'base64');
      if (!data.length || data.length > MAX_PROOF_BYTES)
        throw errors.invalidInput('the screenshot is empty, not base64 or larger than 5 MB', [
          { path: 'body.screenshot.data', message: 'empty, not base64 or too large' },
        ]);
      const magic: Record<(typeof PROOF_TYPES)[number], (b: Buffer) => boolean> = {
        'image/png': (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
        'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
        'image/webp': (b) =>
          b.subarray(0, 4).toString('latin1') === 'RIFF' &&
          b.subarray(8, 12).toString('latin1') === 'WEBP',
      };
      if (!magic[input.screenshot.type](data))
        throw errors.invalidInput(`the screenshot is not a ${input.screenshot.type} image`, [
          { path: 'body.screenshot.data', message: `not ${input.screenshot.type}` },
        ]);
      shot = {
        name: input.screenshot.name,
        type: input.screenshot.type,
        data,
        sha256: createHash('sha256').update(data).digest('hex'),
      };
    }
    if (pub.adapter === 'manual' && !shot && !pub.proof_sha256)
      throw errors.invalidInput('a manual channel is proven by a screenshot', [
        { path: 'body.screenshot', message: 'required' },
      ]);
    const now = this.deps.now().toISOString();
    const by = actor.principal?.id ?? null;
    await this.db.transaction().execute(async (trx) => {
      const ok = await new ReleaseRepository(trx).updatePublication(id, pub.attempts, {
        status: 'published',
        url: input.url,
        detail: input.note ?? pub.detail,
        recorded_by: by,
        published_at: pub.published_at ?? now,
        updated_at: now,
        ...(shot
          ? {
              proof_name: shot.name,
              proof_type: shot.type,
              proof_sha256: shot.sha256,
              proof_data: shot.data,
            }
          : {}),
      });
      if (!ok) throw errors.conflict('the publication changed meanwhile; reload');
      await audit(trx, actor, this.deps.now(), {
        action: 'release.proof',
        objectType: 'publication',
        objectId: id,
        after: { channel: pub.channel, url: input.url, screenshot_sha256: shot?.sha256 ?? null },
      });
    });
    return publicationItem((await new ReleaseRepository(this.db).publication(id))!);
  }

  async proof(actor: Actor, id: string): Promise<{ name: string; type: string; data: Buffer }> {
    authorize(actor, 'release.read');
    const file = await new ReleaseRepository(this.db).proof(id);
    if (!file) throw errors.notFound('proof');
    return file;
  }

  // ---- the sender ----

  /** Sends what is due every `ms` (and at once when a statement is published). */
  start(log: { error: (o: object, msg: string) => void }, ms = 5000): void {
    this.log = log;
    this.timer = setInterval(() => this.wake(), ms);
    this.timer.unref();
    this.wake();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private log: { error: (o: object, msg: string) => void } | null = null;

  wake(): void {
    this.run.wake();
  }

  idle(): Promise<void> {
    return this.run.idle();
  }

  /** Sends every publication due now; answers how many it attempted. */
  async sendDue(): Promise<number> {
    const now = this.deps.now();
    const repo = new ReleaseRepository(this.db);
    const due = await repo.due(now.toISOString(), 20);
    if (!due.length) return 0;
    const settings = await this.loadSettings();
    const base = await this.baseUrl();
    for (const pub of due) await this.sendOne(pub, settings, base);
    return due.length;
  }

  private async sendOne(
    pub: PublicationView,
    settings: ReleaseSettings,
    base: string,
  ): Promise<void> {
    const repo = new ReleaseRepository(this.db);
    const row = await repo.get(pub.release_id);
    if (!row) return;
    const config: AdapterConfig | undefined = settings.adapters[pub.channel];
    const attempt = pub.attempts + 1;
    // Claim the attempt first: a crash mid-send retries it (at least once), never loses it.
    const claimedAt = this.deps.now().toISOString();
    if (
      !(await repo.updatePublication(pub.id, pub.attempts, {
        attempts: attempt,
        due_at: new Date(
          Date.parse(claimedAt) + (RETRY_DELAYS_S[attempt - 1] ?? 0) * 1000,
        ).toISOString(),
        updated_at: claimedAt,
      }))
    )
      return;
    const [pubRelease] = await this.toPublic([row]);
    let outcome:
      | { ok: true; url: string | null; externalId: string | null; detail: string }
      | { ok: false; error: string; retryable: boolean };
    if (!config || config.kind === 'manual' || config.kind !== pub.adapter) {
      outcome = {
        ok: false,
        retryable: false,
        error: `no ${pub.adapter} adapter is configured for ${RELEASE_CHANNEL_LABELS[pub.channel]} any more: record the proof by hand`,
      };
    } else if (row.status === 'withdrawn') {
      outcome = {
        ok: false,
        retryable: false,
        error: 'the statement was withdrawn before it was sent',
      };
    } else {
      try {
        const r = await publishTo(config, {
          releaseId: row.id,
          unitName: pubRelease!.unitName,
          content: pubRelease!.content,
          publishedAt: row.published_at,
          pageUrl: `${base}/releases/${row.id}`,
        });
        outcome = { ok: true, ...r };
      } catch (e: unknown) {
        const secrets = adapterSecrets(config);
        let message = e instanceof Error ? e.message : String(e);
        for (const s of secrets) if (s) message = message.split(s).join(REDACTED);
        outcome = {
          ok: false,
          retryable: e instanceof PublishError ? e.retryable : true,
          error: message,
        };
      }
    }
    const at = this.deps.now().toISOString();
    if (outcome.ok) {
      await repo.updatePublication(pub.id, attempt, {
        status: 'published',
        url: outcome.url,
        external_id: outcome.externalId,
        detail: outcome.detail.slice(0, 500),
        last_error: null,
        due_at: null,
        published_at: at,
        updated_at: at,
      });
      return;
    }
    const final = !outcome.retryable || attempt >= MAX_ATTEMPTS;
    await this.db.transaction().execute(async (trx) => {
      await new ReleaseRepository(trx).updatePublication(pub.id, attempt, {
        status: final ? 'failed' : 'pending',
        last_error: outcome.error.slice(0, 500),
        due_at: final
          ? null
          : new Date(Date.parse(at) + (RETRY_DELAYS_S[attempt - 1] ?? 0) * 1000).toISOString(),
        updated_at: at,
      });
      // A statement withdrawn before it went out needs no one's attention.
      if (final && this.alerts && row.status !== 'withdrawn') {
        await this.alerts.raiseNotice(trx, {
          key: `publication:${pub.id}:${attempt}`,
          unitId: row.unit_id,
          severity: 'major',
          title: `权威信息发布失败：${RELEASE_CHANNEL_LABELS[pub.channel]}`,
          summary: `《${row.title}》在${RELEASE_CHANNEL_LABELS[pub.channel]}的发布失败（${attempt} 次尝试）：${outcome.error.slice(0, 200)}。请在信息发布页重试或登记人工发布凭证。`,
          people: null,
          incidentId: row.incident_id,
        });
      }
    });
  }
}
