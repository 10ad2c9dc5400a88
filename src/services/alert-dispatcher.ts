// The alert outbox at work: sends each due notification (in-app over the live bus, the rest
// through their channels), retries a failed one with back-off and raises an alert of its own
// when it finally fails; escalates alerts past their deadline; turns a failing or silent
// source into an alert; fetches the pages of web evidence. Woken by every ingest commit and by
// a one-second timer; tests call the steps directly with a moved clock.
import type { IncidentService } from './incident.service.ts';
import type { Logger } from 'pino';
import { decodeBody } from '../ingest/charset.ts';
import { fetchResource } from '../ingest/http-fetch.ts';
import type { ChannelConfig } from '../notify/channel-config.ts';
import type { Notice } from '../notify/notice.ts';
import { DeliveryError, sendNotice } from '../notify/send.ts';
import type { Db } from '../store/db.ts';
import type { EscalationStep, Severity } from '../domain/alert-rules.ts';
import {
  newAlert,
  queueNotice,
  recipientsUpTo,
  resolveChain,
  type QueuedDelivery,
} from './alert-firing.ts';
import type { AlertService } from './alert.service.ts';
import { audit, SYSTEM, type ServiceDeps } from './context.ts';
import { SerialRun } from './serial-run.ts';
import type { SourceService } from './source.service.ts';

/** Waits before attempts 2, 3, ... of a failed delivery; after the last, it has failed. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000] as const;
const PARALLEL_SENDS = 8;
/** Deliveries remembered as done (see `claim`), at most. */
const DONE_REMEMBERED = 10_000;

type Log = Pick<Logger, 'info' | 'warn' | 'error'>;

export class AlertDispatcher {
  private readonly db: Db;
  private readonly run = new SerialRun(
    () => this.sendDue(),
    (err) => this.log?.error({ err }, 'alert delivery run failed'),
  );
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private log: Log | null = null;
  /** Deliveries being sent by this process (claimed), and those it finished lately. */
  private readonly claimed = new Set<string>();
  private readonly done = new Set<string>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly alerts: AlertService,
    private readonly sources: SourceService,
    /** Overdue incident tasks alert; absent where no incident service runs. */
    private readonly incidents: IncidentService | null = null,
  ) {
    this.db = deps.store.db;
  }

  /**
   * Runs in the background: after each ingest commit, and every second (`wakeOnIngest: false`
   * leaves only the timer: the polling design the alert benchmark measures as its peer).
   */
  start(log: Log, options: { wakeOnIngest?: boolean } = {}): void {
    this.log = log;
    if (options.wakeOnIngest !== false) {
      // What the firing queued is sent from memory the moment its batch commits; the run on
      // each ingest commit catches anything else that became due.
      this.alerts.onQueued = (rows) => this.sendFresh(rows);
      this.unsubscribe =
        this.deps.live?.subscribe((e) => {
          if (e.type === 'mentions') this.wake();
        }) ?? null;
    }
    const every = (ms: number, f: () => Promise<unknown>) => {
      const t = setInterval(() => {
        f().catch((err: unknown) => log.error({ err }, 'alert background step failed'));
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    every(1000, async () => {
      await this.alerts.escalateDue();
      this.wake();
    });
    every(60_000, () => this.checkSources());
    every(60_000, () => this.incidents?.alertOverdueTasks() ?? Promise.resolve(0));
    every(15_000, () => this.fetchEvidencePages());
    every(3_600_000, () => this.recordCoverageCheck());
    this.wake();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.alerts.onQueued = null;
  }

  /**
   * Sends deliveries just committed, without reading them back (the ingest path: an alert's
   * first notification leaves within milliseconds of its batch's commit).
   */
  sendFresh(rows: readonly QueuedDelivery[]): void {
    const mine = rows.filter((r) => this.claim(r.id));
    if (mine.length === 0) return;
    this.deliver(mine).catch((err: unknown) =>
      this.log?.error({ err }, 'alert delivery of a fresh batch failed'),
    );
  }

  /** One sender per delivery in this process: false when it is taken or finished already. */
  private claim(id: string): boolean {
    if (this.claimed.has(id) || this.done.has(id)) return false;
    this.claimed.add(id);
    return true;
  }

  /** Sends what is due, once at a time; a wake during a run makes one more run. */
  wake(): void {
    this.run.wake();
  }

  /** Resolves when the current run (if any) has finished. */
  idle(): Promise<void> {
    return this.run.idle();
  }

  /** Sends every delivery due now. Answers how many it attempted. */
  async sendDue(): Promise<number> {
    const now = this.deps.now();
    const due = await this.db
      .selectFrom('alert_deliveries')
      .innerJoin('alerts', 'alerts.id', 'alert_deliveries.alert_id')
      .select([
        'alert_deliveries.id',
        'alert_deliveries.alert_id',
        'alert_deliveries.channel_id',
        'alert_deliveries.channel_kind',
        'alert_deliveries.notice',
        'alert_deliveries.attempts',
        'alert_deliveries.notice_kind',
        'alerts.unit_id',
        'alerts.kind as alert_kind',
      ])
      .where('alert_deliveries.status', '=', 'pending')
      .where('alert_deliveries.due_at', '<=', now.toISOString())
      .orderBy('alert_deliveries.due_at')
      .limit(200)
      .execute();
    const mine = due.filter((d) => this.claim(d.id));
    if (mine.length > 0) await this.deliver(mine);
    return mine.length;
  }

  /** Sends claimed deliveries and records every outcome in one transaction. */
  private async deliver(due: readonly QueuedDelivery[]): Promise<void> {
    let finished: string[] = [];
    try {
      finished = await this.sendAndRecord(due);
    } finally {
      // Sent or failed for good: a stale read of the outbox must not send it again. A delivery
      // put off for a retry is claimable again when it falls due.
      for (const id of finished) {
        if (this.done.size >= DONE_REMEMBERED) this.done.clear();
        this.done.add(id);
      }
      for (const d of due) this.claimed.delete(d.id);
    }
  }

  /** Answers the ids that are finished (sent, or failed for good). */
  private async sendAndRecord(due: readonly QueuedDelivery[]): Promise<string[]> {
    const channels = new Map((await this.alerts.context()).channels.map((c) => [c.id, c]));
    const sent: { id: string; detail: string }[] = [];
    const failed: { d: QueuedDelivery; message: string; retryable: boolean }[] = [];
    let i = 0;
    const worker = async () => {
      while (i < due.length) {
        const d = due[i++]!;
        const notice = JSON.parse(d.notice) as Notice & { userIds?: string[] };
        if (d.channel_kind === 'in_app') {
          this.deps.live?.publish({
            type: 'alert',
            alertId: d.alert_id,
            unitId: d.unit_id,
            kind: notice.kind,
            severity: notice.severity,
            title: notice.title,
            userIds: notice.userIds ?? [],
            at: this.deps.now().toISOString(),
          });
          sent.push({ id: d.id, detail: 'published to signed-in users' });
          continue;
        }
        const channel = channels.get(d.channel_id);
        if (!channel || channel.enabled !== 1) {
          failed.push({ d, message: 'the channel was removed or switched off', retryable: false });
          continue;
        }
        try {
          const result = await sendNotice(JSON.parse(channel.config) as ChannelConfig, {
            ...notice,
            deliveryId: d.id,
          });
          sent.push({ id: d.id, detail: result.detail });
        } catch (e: unknown) {
          const retryable = e instanceof DeliveryError ? e.retryable : true;
          const message = e instanceof DeliveryError ? e.message : 'unexpected failure';
          failed.push({ d, message, retryable });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, due.length) }, worker));
    // Every outcome of the run in one transaction: one wait for SQLite's connection, not one per
    // delivery behind the ingest batches (docs/ALERTS.md#latency).
    const at = this.deps.now().toISOString();
    const final: typeof failed = [];
    await this.db.transaction().execute(async (trx) => {
      for (const { id, detail } of sent) {
        await trx
          .updateTable('alert_deliveries')
          .set((eb) => ({ status: 'sent', sent_at: at, detail, attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .execute();
      }
      for (const f of failed) {
        const attempts = f.d.attempts + 1;
        const delay = RETRY_DELAYS_MS[attempts - 1];
        if (!f.retryable || delay === undefined) {
          final.push(f);
          continue;
        }
        await trx
          .updateTable('alert_deliveries')
          .set({
            attempts,
            last_error: f.message,
            due_at: new Date(Date.parse(at) + delay).toISOString(),
          })
          .where('id', '=', f.d.id)
          .execute();
      }
    });
    for (const f of final) await this.failForGood(f.d, f.message);
    return [...sent.map((x) => x.id), ...final.map((f) => f.d.id)];
  }

  /** The last attempt failed (or cannot succeed): the delivery fails and raises its alert. */
  private async failForGood(
    d: { id: string; alert_id: string; attempts: number; channel_id: string; alert_kind: string },
    message: string,
  ): Promise<void> {
    const attempts = d.attempts + 1;
    this.log?.warn({ delivery: d.id, error: message }, 'alert delivery failed for good');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('alert_deliveries')
        .set({ attempts, last_error: message, status: 'failed' })
        .where('id', '=', d.id)
        .execute();
      // A failed notification of an alert raises its own; a failed one of those does not.
      if (d.alert_kind !== 'delivery') await this.raiseDeliveryFailure(trx, d, message);
    });
    this.wake();
  }

  private async raiseDeliveryFailure(
    trx: Db,
    d: { id: string; alert_id: string; channel_id: string },
    message: string,
  ): Promise<void> {
    const original = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', d.alert_id)
      .executeTakeFirstOrThrow();
    const channel = await trx
      .selectFrom('notify_channels')
      .select('name')
      .where('id', '=', d.channel_id)
      .executeTakeFirst();
    const ctx = await this.alerts.context();
    const severity: Severity = original.severity === 'normal' ? 'high' : original.severity;
    const alert = newAlert({
      key: `delivery:${d.id}`,
      kind: 'delivery',
      unitId: original.unit_id,
      severity,
      title: `预警通知投递失败：${channel?.name ?? d.channel_id}`,
      summary: `「${original.title}」的通知经「${channel?.name ?? d.channel_id}」多次发送失败：${message}。请确认有关人员已通过其他渠道获知。`,
      chain: JSON.parse(original.chain) as EscalationStep[],
      now: ctx.now,
      ackMinutes: ctx.settings.ackMinutes[severity],
      isDemo: original.is_demo,
    });
    await trx.insertInto('alerts').values(alert).execute();
    const chain = JSON.parse(alert.chain) as EscalationStep[];
    await queueNotice(
      trx,
      ctx,
      alert,
      'failure',
      recipientsUpTo(chain, alert.escalation_step),
      ctx.now,
      {
        exceptChannel: d.channel_id,
      },
    );
    await audit(trx, SYSTEM, ctx.now, {
      action: 'alert.fire',
      objectType: 'alert',
      objectId: alert.id,
      after: { kind: 'delivery', delivery: d.id, of: original.id },
    });
  }

  /**
   * A source that is failing or silent raises a coverage alert (one while it stays open); the
   * alert says when the source delivers again, and a person closes it.
   */
  async checkSources(): Promise<number> {
    const views = await this.sources.list(SYSTEM);
    const ctx = await this.alerts.context();
    let raised = 0;
    for (const v of views) {
      const cov = v.health.coverage;
      const open = await this.db
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'coverage')
        .where('source_id', '=', v.id)
        .where('status', 'in', ['open', 'acknowledged'])
        .executeTakeFirst();
      if (cov.status !== 'failing' && cov.status !== 'silent') {
        if (open && !open.summary.startsWith('已恢复')) {
          await this.db
            .updateTable('alerts')
            .set({
              summary: `已恢复（${ctx.now.toISOString()}）。${open.summary}`,
              updated_at: ctx.now.toISOString(),
            })
            .where('id', '=', open.id)
            .execute();
        }
        continue;
      }
      if (open) continue;
      const severity: Severity = cov.status === 'failing' ? 'high' : 'normal';
      const chain = await resolveChain(this.db, v.unit_id, ctx.now, ctx.settings.chain);
      const n = await this.db
        .selectFrom('alerts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'coverage')
        .where('source_id', '=', v.id)
        .executeTakeFirstOrThrow();
      const alert = newAlert({
        key: `source:${v.id}:${Number(n.n) + 1}`,
        kind: 'coverage',
        unitId: v.unit_id,
        severity,
        title: `信源${cov.status === 'failing' ? '采集失败' : '长时间无新内容'}：${v.name}`,
        summary: `${v.name}（${v.key}）：${cov.reason}。监测可能有遗漏，请检查该信源。`,
        chain,
        now: ctx.now,
        ackMinutes: ctx.settings.ackMinutes[severity],
        isDemo: v.is_demo ? 1 : 0,
        sourceId: v.id,
      });
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('alerts').values(alert).execute();
        await queueNotice(
          trx,
          ctx,
          alert,
          'fired',
          recipientsUpTo(chain, alert.escalation_step),
          ctx.now,
        );
        await audit(trx, SYSTEM, ctx.now, {
          action: 'alert.fire',
          objectType: 'alert',
          objectId: alert.id,
          after: { kind: 'coverage', source: v.key, status: cov.status, reason: cov.reason },
        });
      });
      raised++;
    }
    if (raised) this.wake();
    return raised;
  }

  /** Fetches the pages of web evidence still waiting (a few at a time). */
  async fetchEvidencePages(limit = 10): Promise<number> {
    const waiting = await this.db
      .selectFrom('alert_evidence')
      .select(['id', 'url'])
      .where('html_status', '=', 'pending')
      .orderBy('id')
      .limit(limit)
      .execute();
    for (const e of waiting) {
      const at = this.deps.now().toISOString();
      const res = e.url ? await fetchResource(e.url, { timeoutMs: 15_000 }) : null;
      if (res?.ok) {
        const { text } = decodeBody(res.bytes, res.headers['content-type']);
        await this.db
          .updateTable('alert_evidence')
          .set({ html_status: 'fetched', html: text, html_fetched_at: at, html_error: null })
          .where('id', '=', e.id)
          .execute();
      } else {
        await this.db
          .updateTable('alert_evidence')
          .set({
            html_status: 'failed',
            html_fetched_at: at,
            html_error: res ? res.error.message : 'no address',
          })
          .where('id', '=', e.id)
          .execute();
      }
    }
    return waiting.length;
  }

  /** [P7] The hourly coverage check, kept in the audit log (the briefings read it too). */
  async recordCoverageCheck(): Promise<void> {
    const c = await this.alerts.coverage(null);
    await this.db.transaction().execute((trx) =>
      audit(trx, SYSTEM, this.deps.now(), {
        action: 'alert.coverage_check',
        objectType: 'alert',
        objectId: null,
        after: {
          overdue: c.overdue,
          dismissed_major: c.dismissed_major,
          open_too_long: c.open_too_long,
          incident_clocks: c.incident_clocks,
          alerts: c.items.map((a) => ({ id: a.id, reasons: a.coverage_reasons })),
        },
      }),
    );
  }
}
