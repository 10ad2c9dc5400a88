// The briefing schedule at work inside `yuqing serve`: daily, weekly and monthly briefings of
// the province made when their time comes (Asia/Shanghai; default daily 08:00 for the day
// before, weekly Monday 08:30 for the week before, monthly the 1st 09:00 for the month before),
// and e-mailed to each kind's subscribers: the HTML page as the body, the DOCX attached, sent
// through an email channel's SMTP settings (the alert channels'). One run per kind and period,
// recorded in `briefing_runs` in the same transaction as the briefing: a run missed while the
// server was down is made up once at the next start (only the latest one, never one from before
// the schedule first ran), and never made twice. A failed send is tried again with back-off and
// its last error kept; a final failure is audited. Timer style as the alert dispatcher: a
// 30-second timer wakes one serial run; tests call `tick()` with a moved clock.
import type { Logger } from 'pino';
import { documentText, type ReportDocument } from '../reports/document.ts';
import { renderDocx } from '../reports/docx-render.ts';
import { renderHtml } from '../reports/html-render.ts';
import { latestSlot, PERIODIC_KINDS, type PeriodicKind } from '../reports/briefing-period.ts';
import type { EmailChannelConfig } from '../notify/channel-config.ts';
import { DeliveryError, sendMail } from '../notify/send.ts';
import { BriefingRepository, type BriefingDeliveryRow } from '../store/briefing.repository.ts';
import type { Db } from '../store/db.ts';
import { timeOrderedId } from '../store/ids.ts';
import { fileStem, type BriefingService } from './briefing.service.ts';
import { audit, SYSTEM, type ServiceDeps } from './context.ts';
import { SerialRun } from './serial-run.ts';
import { readSettingRow, writeAuditedSetting } from './settings-store.ts';

/** Waits before attempts 2, 3, ... of a failed e-mail; after the last, it has failed. */
export const BRIEFING_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000] as const;
/** Waits before a failed scheduled generation is tried again; after the last, it is left. */
export const RUN_RETRY_DELAYS_MS = [60_000, 600_000, 3_600_000] as const;
/** Where the schedule keeps when it first ran (slots before it are not made up). */
export const SCHEDULER_KEY = 'briefings.scheduler';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Log = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface TickOutcome {
  /** Briefings made by this tick. */
  generated: string[];
  /** E-mails sent, put off for another try, and failed for good. */
  sent: number;
  retried: number;
  failed: number;
}

export class BriefingScheduler {
  private timer: NodeJS.Timeout | null = null;
  private log: Log | null = null;
  private readonly run = new SerialRun(
    () => this.tick(),
    (err) => this.log?.error({ err }, 'briefing schedule run failed'),
  );

  constructor(
    private readonly deps: ServiceDeps,
    private readonly briefings: BriefingService,
    private readonly options: { sendTimeoutMs?: number } = {},
  ) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  start(log: Log, everyMs = 30_000): void {
    this.log = log;
    this.timer = setInterval(() => this.run.wake(), everyMs);
    this.timer.unref();
    this.run.wake();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resolves when the current run (if any) has finished. */
  idle(): Promise<void> {
    return this.run.idle();
  }

  /** Makes what is due, then sends what is due. */
  async tick(): Promise<TickOutcome> {
    const generated = await this.runDue();
    const sent = await this.sendDue();
    return { generated, ...sent };
  }

  /** When the schedule first ran (recorded at its first tick). */
  async since(): Promise<number> {
    const raw = await readSettingRow(this.db, SCHEDULER_KEY);
    if (raw !== undefined) {
      const v = JSON.parse(raw) as { since?: unknown };
      if (typeof v.since === 'string' && Number.isFinite(Date.parse(v.since)))
        return Date.parse(v.since);
    }
    const now = this.deps.now();
    await writeAuditedSetting(
      this.db,
      SYSTEM,
      now,
      SCHEDULER_KEY,
      { since: now.toISOString() },
      'briefing.schedule_start',
    );
    return now.getTime();
  }

  /** Makes each kind's briefing whose time has come and that was not made yet. */
  async runDue(): Promise<string[]> {
    const now = this.deps.now().getTime();
    const since = await this.since();
    const { schedule } = await this.briefings.settings();
    const made: string[] = [];
    for (const kind of PERIODIC_KINDS) {
      const slot = latestSlot(kind, schedule[kind], now);
      if (!slot || slot.at < since) continue;
      const repo = new BriefingRepository(this.db);
      const run = await repo.getRun(kind, '', slot.period.key);
      if (run?.status === 'done') continue;
      if (run && (run.retry_at === null || Date.parse(run.retry_at) > now)) continue;
      try {
        const scope = await this.briefings.resolveScope(SYSTEM, undefined);
        const id = await this.briefings.makePeriodic(
          SYSTEM,
          kind,
          slot.period,
          scope,
          'schedule',
          async (trx, briefingId) => {
            const at = this.deps.now().toISOString();
            const r = new BriefingRepository(trx);
            if (run)
              await r.updateRun(run.id, {
                status: 'done',
                attempts: run.attempts + 1,
                retry_at: null,
                briefing_id: briefingId,
                updated_at: at,
              });
            else
              await r.insertRun({
                id: timeOrderedId(),
                kind,
                scope_key: '',
                period_key: slot.period.key,
                slot_at: new Date(slot.at).toISOString(),
                status: 'done',
                attempts: 1,
                retry_at: null,
                last_error: null,
                briefing_id: briefingId,
                created_at: at,
                updated_at: at,
              });
            await this.queue(trx, kind, briefingId);
          },
        );
        made.push(id);
        this.log?.info({ kind, period: slot.period.key, briefing: id }, 'briefing generated');
      } catch (err: unknown) {
        await this.runFailed(kind, slot, run, err);
      }
    }
    return made;
  }

  private async runFailed(
    kind: PeriodicKind,
    slot: { at: number; period: { key: string } },
    run: { id: string; attempts: number } | undefined,
    err: unknown,
  ): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const at = this.deps.now();
    const attempts = (run?.attempts ?? 0) + 1;
    const delay = RUN_RETRY_DELAYS_MS[attempts - 1];
    const retryAt = delay === undefined ? null : new Date(at.getTime() + delay).toISOString();
    this.log?.error({ err, kind, period: slot.period.key }, 'scheduled briefing failed');
    await this.db.transaction().execute(async (trx) => {
      const repo = new BriefingRepository(trx);
      const values = {
        status: 'failed' as const,
        attempts,
        retry_at: retryAt,
        last_error: message.slice(0, 500),
        updated_at: at.toISOString(),
      };
      if (run) await repo.updateRun(run.id, values);
      else
        await repo.insertRun({
          id: timeOrderedId(),
          kind,
          scope_key: '',
          period_key: slot.period.key,
          slot_at: new Date(slot.at).toISOString(),
          briefing_id: null,
          created_at: at.toISOString(),
          ...values,
        });
      await audit(trx, SYSTEM, at, {
        action: 'briefing.schedule_failed',
        objectType: 'briefing_run',
        objectId: null,
        after: {
          kind,
          period: slot.period.key,
          attempts,
          retry_at: retryAt,
          error: values.last_error,
        },
      });
    });
  }

  /** One e-mail per subscriber of the kind (their address as it is now), in the caller's transaction. */
  private async queue(trx: Db, kind: PeriodicKind, briefingId: string): Promise<void> {
    const { subscribers } = await this.briefings.settings(trx);
    const list = subscribers[kind];
    const ids = list.flatMap((s) => ('personId' in s ? [s.personId] : []));
    const people = ids.length
      ? await trx
          .selectFrom('people')
          .select(['id', 'name', 'email', 'active'])
          .where('id', 'in', ids)
          .execute()
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const at = this.deps.now().toISOString();
    const seen = new Set<string>();
    const rows: BriefingDeliveryRow[] = [];
    for (const s of list) {
      const person = 'personId' in s ? byId.get(s.personId) : undefined;
      const address = 'personId' in s ? (person?.email ?? null) : s.email;
      const name = 'personId' in s ? (person?.name ?? null) : (s.name ?? null);
      const key = address?.toLowerCase() ?? `person:${'personId' in s ? s.personId : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const usable = address !== null && (!person || person.active === 1);
      rows.push({
        id: timeOrderedId(),
        briefing_id: briefingId,
        address: address ?? '',
        name,
        person_id: 'personId' in s ? s.personId : null,
        status: usable ? 'pending' : 'failed',
        attempts: 0,
        due_at: at,
        last_error: usable
          ? null
          : person
            ? 'this person has no email address or is no longer active'
            : 'no such person',
        detail: null,
        sent_at: null,
        created_at: at,
      });
    }
    await new BriefingRepository(trx).insertDeliveries(rows);
  }

  /** Sends every e-mail due now; a failure is tried again later or fails for good. */
  async sendDue(): Promise<{ sent: number; retried: number; failed: number }> {
    const now = this.deps.now();
    const repo = new BriefingRepository(this.db);
    const due = await repo.dueDeliveries(now.toISOString(), 100);
    const outcome = { sent: 0, retried: 0, failed: 0 };
    if (!due.length) return outcome;
    const channel = await this.channel();
    const byBriefing = new Map<string, BriefingDeliveryRow[]>();
    for (const d of due)
      byBriefing.set(d.briefing_id, [...(byBriefing.get(d.briefing_id) ?? []), d]);
    for (const [briefingId, deliveries] of byBriefing) {
      const row = await this.briefings.row(briefingId);
      let mail: Parameters<typeof sendMail>[1] | null = null;
      let problem: DeliveryError | null = channel instanceof DeliveryError ? channel : null;
      if (!row) problem = new DeliveryError('the briefing is gone', false);
      else if (!problem) {
        const doc = JSON.parse(row.document) as ReportDocument;
        const [html, docx] = await Promise.all([renderHtml(doc), renderDocx(doc)]);
        mail = {
          to: [],
          subject: `${row.title}（${row.subtitle}）`,
          text: `${documentText(doc)}\n\n（完整简报见附件 Word 文件。本邮件由 Yuqing 舆情系统按订阅自动发送。）`,
          html,
          attachments: [
            { filename: `${fileStem(row)}.docx`, content: docx, contentType: DOCX_TYPE },
          ],
          headers: { 'X-Yuqing-Briefing': row.id },
        };
      }
      for (const d of deliveries) {
        let result: { ok: true; detail: string } | { ok: false; error: DeliveryError };
        if (problem || !mail || channel instanceof DeliveryError) {
          result = { ok: false, error: problem ?? new DeliveryError('nothing to send', false) };
        } else {
          try {
            const r = await sendMail(
              channel,
              { ...mail, to: [{ name: d.name, address: d.address }] },
              this.options.sendTimeoutMs ? { timeoutMs: this.options.sendTimeoutMs } : {},
            );
            result = { ok: true, detail: r.detail };
          } catch (e: unknown) {
            result = {
              ok: false,
              error: e instanceof DeliveryError ? e : new DeliveryError('unexpected failure', true),
            };
          }
        }
        outcome[await this.record(d, result)]++;
      }
    }
    return outcome;
  }

  /**
   * The channel that sends: the one the settings name, else the first enabled email channel.
   * None, or switched off: retryable (the e-mails stay pending with the reason and go out once
   * a channel is set up or switched back on, within the retry back-off).
   */
  private async channel(): Promise<EmailChannelConfig | DeliveryError> {
    const { channelId } = await this.briefings.settings();
    const rows = await this.db
      .selectFrom('notify_channels')
      .select(['id', 'name', 'config', 'enabled', 'created_at'])
      .where('kind', '=', 'email')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    // The one chosen; else the first enabled (or, when all are off, the first, to say so).
    const c = channelId
      ? rows.find((r) => r.id === channelId)
      : (rows.find((r) => r.enabled === 1) ?? rows[0]);
    if (!c)
      return new DeliveryError(
        channelId
          ? 'the email channel chosen for briefings was removed'
          : 'no email channel is set up (预警 → 通知渠道, kind email)',
        true,
      );
    if (c.enabled !== 1)
      return new DeliveryError(`the email channel ${c.name} is switched off`, true);
    return JSON.parse(c.config) as EmailChannelConfig;
  }

  private async record(
    d: BriefingDeliveryRow,
    result: { ok: true; detail: string } | { ok: false; error: DeliveryError },
  ): Promise<'sent' | 'retried' | 'failed'> {
    const at = this.deps.now();
    const attempts = d.attempts + 1;
    const repo = new BriefingRepository(this.db);
    if (result.ok) {
      await repo.updateDelivery(d.id, {
        status: 'sent',
        attempts,
        sent_at: at.toISOString(),
        detail: result.detail,
        last_error: null,
      });
      return 'sent';
    }
    const delay = BRIEFING_RETRY_DELAYS_MS[attempts - 1];
    if (result.error.retryable && delay !== undefined) {
      await repo.updateDelivery(d.id, {
        attempts,
        last_error: result.error.message,
        due_at: new Date(at.getTime() + delay).toISOString(),
      });
      return 'retried';
    }
    this.log?.warn(
      { delivery: d.id, error: result.error.message },
      'briefing e-mail failed for good',
    );
    await this.db.transaction().execute(async (trx) => {
      await new BriefingRepository(trx).updateDelivery(d.id, {
        status: 'failed',
        attempts,
        last_error: result.error.message,
      });
      await audit(trx, SYSTEM, at, {
        action: 'briefing.delivery_failed',
        objectType: 'briefing',
        objectId: d.briefing_id,
        after: { delivery: d.id, attempts, error: result.error.message },
      });
    });
    return 'failed';
  }
}
