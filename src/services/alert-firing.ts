// Firing alerts inside the transaction that stores the mentions' events ([P7]; the batch waits
// in event_queue until that commits): the rules are asked of each event the batch touched; an
// event that meets one gets its one alert (or its alert is updated as it grows), with the
// evidence copied and the notifications queued in the outbox, all in the same commit. A crash
// therefore loses neither a mention nor the alert it raised: a queued batch is assigned on start.
import {
  ackDueAt,
  eventQualifies,
  firstStep,
  grewEnough,
  maxSeverity,
  mentionQualifies,
  releaseAt,
  severityRank,
  type AlertRule,
  type AlertSettings,
  type ChainPerson,
  type ChainRole,
  type EscalationStep,
  type MentionFacts,
  type Severity,
} from '../domain/alert-rules.ts';
import { burstingNow } from '../domain/burst.ts';
import { bucketStart, denseSeries } from '../domain/volume-series.ts';
import type { Notice } from '../notify/notice.ts';
import type { Db } from '../store/db.ts';
import { timeOrderedId } from '../store/ids.ts';
import type {
  AlertDeliveryTable,
  AlertEvidenceTable,
  AlertRow,
  NotifyChannelRow,
} from '../store/schema.ts';
import { whoIsOnDuty } from './duty.service.ts';
import { audit, SYSTEM } from './context.ts';
import type { AnalysedMention, TouchedEvent } from './event.service.ts';

/** What the firing needs that does not change per batch (loaded before the transaction). */
export interface FiringContext {
  rules: readonly AlertRule[];
  channels: readonly NotifyChannelRow[];
  settings: AlertSettings;
  now: Date;
  /** Base of links to an alert in the web UI, e.g. http://host/alerts/ (null: no link). */
  linkBase: string | null;
  /**
   * Told of the notifications queued due now, with what sending them needs (the ingest path
   * hands them to the dispatcher once its transaction commits).
   */
  queued?: ((deliveries: QueuedDelivery[]) => void) | undefined;
}

/** An outbox row as the dispatcher sends it. */
export interface QueuedDelivery {
  id: string;
  alert_id: string;
  channel_id: string;
  channel_kind: AlertDeliveryTable['channel_kind'];
  notice: string;
  attempts: number;
  notice_kind: AlertDeliveryTable['notice_kind'];
  unit_id: string;
  alert_kind: AlertRow['kind'];
}

/** Evidence copied per alert at most (the event page has every mention). */
const MAX_EVIDENCE = 200;
/** Earlier mentions of the event copied with the batch's when the alert fires. */
const EARLIER_EVIDENCE = 50;

function mentionFacts(a: AnalysedMention): MentionFacts {
  const codes = new Set<string>();
  for (const r of a.analysis.regions) for (const c of [...r.path, r.adcode]) codes.add(c);
  return {
    schemeIds: a.analysis.schemes,
    sentiment: a.analysis.sentiment.label,
    riskCategories: a.analysis.risk.categories.map((c) => c.id),
    regionCodes: [...codes],
  };
}

/**
 * Asks every enabled rule of each touched event; fires, updates and queues notifications.
 * Returns the ids of the alerts fired or updated (for the live page).
 */
export async function fireAlerts(
  trx: Db,
  touched: readonly TouchedEvent[],
  ctx: FiringContext,
): Promise<string[]> {
  const rules = ctx.rules.filter((r) => r.enabled);
  if (rules.length === 0 || touched.length === 0) return [];
  const at = ctx.now.toISOString();

  // Qualifying mentions per (rule, event) in this batch.
  const batch = new Map<
    string,
    { rule: AlertRule; event: TouchedEvent; hits: AnalysedMention[] }
  >();
  for (const ev of touched) {
    if (ev.row.status === 'merged') continue;
    const facts = ev.mentions.map(mentionFacts);
    for (const rule of rules) {
      const hits = ev.mentions.filter((_, i) => mentionQualifies(rule.conditions, facts[i]!));
      if (hits.length) batch.set(`${rule.id}\n${ev.row.id}`, { rule, event: ev, hits });
    }
  }
  if (batch.size === 0) return [];

  // Running counts, then the new ones written back.
  const eventIds = [...new Set([...batch.values()].map((b) => b.event.row.id))];
  const ruleIds = [...new Set([...batch.values()].map((b) => b.rule.id))];
  const counts = new Map<string, number>();
  for (let i = 0; i < eventIds.length; i += 500) {
    const rows = await trx
      .selectFrom('alert_matches')
      .select(['rule_id', 'event_id', 'count'])
      .where('event_id', 'in', eventIds.slice(i, i + 500))
      .where('rule_id', 'in', ruleIds)
      .execute();
    for (const r of rows) counts.set(`${r.rule_id}\n${r.event_id}`, r.count);
  }
  const matchRows = [...batch].map(([key, b]) => ({
    rule_id: b.rule.id,
    event_id: b.event.row.id,
    count: (counts.get(key) ?? 0) + b.hits.length,
    first_at: at,
    last_at: at,
  }));
  for (let i = 0; i < matchRows.length; i += 200) {
    await trx
      .insertInto('alert_matches')
      .values(matchRows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['rule_id', 'event_id']).doUpdateSet((eb) => ({
          count: eb.ref('excluded.count'),
          last_at: eb.ref('excluded.last_at'),
        })),
      )
      .execute();
  }
  for (const m of matchRows) counts.set(`${m.rule_id}\n${m.event_id}`, m.count);

  // The rules each event now meets.
  const met = new Map<
    string,
    {
      event: TouchedEvent;
      rules: AlertRule[];
      hits: AnalysedMention[];
      count: number;
      reasons: string[];
    }
  >();
  const bursting = new Map<string, boolean>();
  for (const [key, b] of batch) {
    const count = counts.get(key) ?? 0;
    const row = b.event.row;
    let burst = false;
    if (b.rule.conditions.burst) {
      burst = bursting.get(row.id) ?? (await eventBursting(trx, row.id, ctx.now));
      bursting.set(row.id, burst);
    }
    const verdict = eventQualifies(
      b.rule.conditions,
      {
        heat: row.heat,
        bursting: burst,
        authorityTier: row.authority_tier,
        suggestedGrade: row.suggested_grade,
      },
      count,
    );
    if (!verdict.ok) continue;
    const entry = met.get(row.id) ?? {
      event: b.event,
      rules: [],
      hits: [],
      count: 0,
      reasons: [],
    };
    entry.rules.push(b.rule);
    for (const h of b.hits) if (!entry.hits.includes(h)) entry.hits.push(h);
    entry.count = Math.max(entry.count, count);
    entry.reasons.push(`「${b.rule.name}」：${verdict.reasons.join('，')}`);
    met.set(row.id, entry);
  }
  if (met.size === 0) return [];

  const existing = new Map<string, AlertRow>();
  const keys = [...met.keys()].map((id) => `event:${id}`);
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) existing.set(r.key, r);
  }

  const out: string[] = [];
  for (const [eventId, m] of met) {
    // The deciding rule: the most severe (the first of them when several are).
    const rule = m.rules.reduce((a, b) =>
      severityRank(b.severity) > severityRank(a.severity) ? b : a,
    );
    const severity = m.rules.map((r) => r.severity).reduce(maxSeverity);
    const row = m.event.row;
    const summary = m.reasons.join('；');
    const old = existing.get(`event:${eventId}`);
    if (!old) {
      const chain = await resolveChain(trx, rule.unitId, ctx.now, ctx.settings.chain);
      const alert = newAlert({
        key: `event:${eventId}`,
        kind: 'event',
        unitId: rule.unitId,
        severity,
        title: row.title,
        summary,
        chain,
        now: ctx.now,
        ackMinutes: ctx.settings.ackMinutes[severity],
        isDemo: row.is_demo,
        eventId,
        ruleIds: m.rules.map((r) => r.id),
        mentionCount: m.count,
        lookedMajor: row.suggested_grade === 'major',
      });
      await trx.insertInto('alerts').values(alert).execute();
      await copyEvidence(trx, alert.id, eventId, m.hits, at, EARLIER_EVIDENCE);
      await audit(trx, SYSTEM, ctx.now, {
        action: 'alert.fire',
        objectType: 'alert',
        objectId: alert.id,
        after: {
          kind: 'event',
          event: eventId,
          severity,
          rules: m.rules.map((r) => r.name),
          reasons: summary,
        },
      });
      await queueNotice(
        trx,
        ctx,
        alert,
        'fired',
        recipientsUpTo(chain, alert.escalation_step),
        releaseAt(severity, rule, ctx.now),
      );
      out.push(alert.id);
      continue;
    }
    // Grown: the same alert, updated; told again when it grew enough or became more severe.
    const raised = severityRank(severity) > severityRank(old.severity);
    const next: AlertRow = {
      ...old,
      severity: raised ? severity : old.severity,
      summary,
      title: row.title,
      rule_ids: JSON.stringify([
        ...new Set([...(JSON.parse(old.rule_ids) as string[]), ...m.rules.map((r) => r.id)]),
      ]),
      mention_count: Math.max(old.mention_count, m.count),
      looked_major:
        old.looked_major || row.suggested_grade === 'major' || severity === 'major' ? 1 : 0,
      updated_at: at,
    };
    // A dismissed alert whose event has since become major opens again: [P7] never conceal.
    const reopen = old.status === 'dismissed' && raised && severity === 'major';
    if (reopen) {
      const due = ackDueAt(severity, ctx.now, ctx.settings).toISOString();
      const chain = JSON.parse(old.chain) as EscalationStep[];
      Object.assign(next, {
        status: 'open',
        ack_due_at: due,
        next_escalation_at: due,
        escalation_step: firstStep(chain),
        ...NOT_HANDLED,
      } satisfies Partial<AlertRow>);
      await audit(trx, SYSTEM, ctx.now, {
        action: 'alert.reopen',
        objectType: 'alert',
        objectId: old.id,
        before: { status: old.status, severity: old.severity, close_reason: old.close_reason },
        after: { status: 'open', severity, reasons: summary },
      });
    }
    const open = next.status === 'open' || next.status === 'acknowledged';
    const tell =
      open &&
      (raised || grewEnough(next.severity, old.notified_count, next.mention_count, ctx.settings));
    if (raised && old.status === 'open') {
      // A shorter deadline for a more severe alert, never a longer one.
      const due = ackDueAt(next.severity, new Date(old.fired_at), ctx.settings).toISOString();
      if (due < old.ack_due_at) {
        next.ack_due_at = due;
        if (old.next_escalation_at && due < old.next_escalation_at) next.next_escalation_at = due;
      }
    }
    // A message still held back (debounce, quiet hours) goes out with the latest figures
    // instead of a second one following it.
    const waiting =
      open && !raised
        ? await trx
            .selectFrom('alert_deliveries')
            .select(['id', 'notice'])
            .where('alert_id', '=', old.id)
            .where('status', '=', 'pending')
            .where('attempts', '=', 0)
            .where('due_at', '>', at)
            .execute()
        : [];
    if (tell || waiting.length) next.notified_count = next.mention_count;
    await trx
      .updateTable('alerts')
      .set({
        status: next.status,
        escalation_step: next.escalation_step,
        acknowledged_at: next.acknowledged_at,
        acknowledged_by: next.acknowledged_by,
        acknowledged_name: next.acknowledged_name,
        closed_at: next.closed_at,
        closed_by: next.closed_by,
        closed_name: next.closed_name,
        close_reason: next.close_reason,
        dismiss_approved_by: next.dismiss_approved_by,
        severity: next.severity,
        summary: next.summary,
        title: next.title,
        rule_ids: next.rule_ids,
        mention_count: next.mention_count,
        notified_count: next.notified_count,
        looked_major: next.looked_major,
        ack_due_at: next.ack_due_at,
        next_escalation_at: next.next_escalation_at,
        updated_at: at,
      })
      .where('id', '=', old.id)
      .execute();
    await copyEvidence(trx, old.id, eventId, m.hits, at, 0);
    for (const w of waiting) {
      const notice = {
        ...(JSON.parse(w.notice) as Notice),
        title: next.title,
        summary: noticeSummary(next),
      };
      await trx
        .updateTable('alert_deliveries')
        .set({ notice: JSON.stringify(notice) })
        .where('id', '=', w.id)
        .execute();
    }
    if (tell && waiting.length === 0) {
      const chain = JSON.parse(old.chain) as EscalationStep[];
      await queueNotice(
        trx,
        ctx,
        next,
        'grown',
        recipientsUpTo(chain, next.escalation_step),
        releaseAt(next.severity, rule, ctx.now),
      );
    }
    out.push(old.id);
  }
  return out;
}

/** Whether the event's minute volume is bursting against its last three hours. */
async function eventBursting(trx: Db, eventId: string, now: Date): Promise<boolean> {
  const to = now.getTime();
  const from = bucketStart(to - 3 * 3_600_000, 'minute');
  const rows = await trx
    .selectFrom('volume_buckets')
    .select(['bucket', 'count'])
    .where('kind', '=', 'event')
    .where('key', '=', eventId)
    .where('res', '=', 'minute')
    .where('bucket', '>=', from)
    .execute();
  const series = denseSeries(
    rows.map((r) => ({ bucket: Number(r.bucket), count: r.count })),
    'minute',
    from,
    to,
  );
  const elapsed = (to - bucketStart(to, 'minute')) / 60_000;
  return burstingNow(series, elapsed).bursting;
}

/** The people of each step of the chain, as they are now (copied onto the alert). */
export async function resolveChain(
  db: Db,
  unitId: string,
  now: Date,
  roles: readonly ChainRole[],
): Promise<EscalationStep[]> {
  const out: EscalationStep[] = [];
  for (const role of roles) {
    if (role === 'on_duty') {
      let onDuty = await whoIsOnDuty(db, unitId, now);
      if (onDuty.length === 0) {
        // A unit without its own roster (the provincial bureau, say): the office's duty.
        const office = await db
          .selectFrom('units')
          .select('id')
          .where('hosts_office', '=', 1)
          .executeTakeFirst();
        if (office && office.id !== unitId) onDuty = await whoIsOnDuty(db, office.id, now);
      }
      out.push({
        role,
        people: onDuty.map((p) => ({
          personId: p.personId,
          name: p.name,
          userId: p.userId,
          email: p.email,
          phone: p.phone,
        })),
      });
      continue;
    }
    let q = db
      .selectFrom('positions')
      .innerJoin('people', 'people.id', 'positions.person_id')
      .leftJoin('users', (j) =>
        j.onRef('users.person_id', '=', 'people.id').on('users.disabled', '=', 0),
      )
      .select([
        'people.id as personId',
        'people.name as name',
        'people.email as email',
        'people.phone as phone',
        'users.id as userId',
      ])
      .where('positions.until', 'is', null)
      .where('people.active', '=', 1);
    q =
      role === 'office_head'
        ? q.where('positions.body', '=', 'office').where('positions.position', '=', 'director')
        : role === 'leadership_group'
          ? q
              .where('positions.body', '=', 'leadership_group')
              .where('positions.position', 'in', ['head', 'deputy_head'])
          : q
              .where('positions.body', '=', 'leadership_group')
              .where('positions.leader_kind', '=', 'in_charge');
    const rows = await q.orderBy('people.name').execute();
    const people = new Map<string, ChainPerson>();
    for (const r of rows)
      if (!people.has(r.personId)) people.set(r.personId, { ...r, userId: r.userId ?? null });
    out.push({ role, people: [...people.values()] });
  }
  return out;
}

/** Everyone of the steps up to `step` (a growing alert reaches those already told). */
export function recipientsUpTo(chain: readonly EscalationStep[], step: number): ChainPerson[] {
  const seen = new Map<string, ChainPerson>();
  for (const s of chain.slice(0, step + 1)) for (const p of s.people) seen.set(p.personId, p);
  return [...seen.values()];
}

/** Copies mentions as published into the alert's evidence (the batch's, and earlier ones). */
async function copyEvidence(
  trx: Db,
  alertId: string,
  eventId: string,
  hits: readonly AnalysedMention[],
  at: string,
  earlier: number,
): Promise<void> {
  const have = await trx
    .selectFrom('alert_evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alert_id', '=', alertId)
    .executeTakeFirstOrThrow();
  let room = MAX_EVIDENCE - Number(have.n);
  if (room <= 0) return;
  const rows: AlertEvidenceTable[] = [];
  const ids = new Set<string>();
  for (const h of hits) {
    if (rows.length >= room) break;
    ids.add(h.mention.id);
    rows.push(evidenceRow(alertId, h.mention, h.sourceName, at));
  }
  room -= rows.length;
  if (earlier > 0 && room > 0) {
    const prior = await trx
      .selectFrom('mention_events')
      .innerJoin('mentions', 'mentions.id', 'mention_events.mention_id')
      .innerJoin('sources', 'sources.id', 'mentions.source_id')
      .select([
        'mentions.id',
        'mentions.url',
        'mentions.author',
        'mentions.title',
        'mentions.text',
        'mentions.published_at',
        'mentions.collected_at',
        'mentions.channel',
        'sources.name as sourceName',
      ])
      .where('mention_events.event_id', '=', eventId)
      .orderBy('mentions.id')
      .limit(Math.min(room, earlier) + ids.size)
      .execute();
    for (const p of prior) {
      if (ids.has(p.id) || rows.length >= MAX_EVIDENCE) continue;
      rows.push(evidenceRow(alertId, p, p.sourceName, at));
    }
  }
  for (let i = 0; i < rows.length; i += 100) {
    await trx
      .insertInto('alert_evidence')
      .values(rows.slice(i, i + 100))
      .execute();
  }
}

function evidenceRow(
  alertId: string,
  m: {
    id: string;
    url: string | null;
    author: string | null;
    title: string | null;
    text: string;
    published_at: string | null;
    collected_at: string;
    channel: string;
  },
  sourceName: string,
  at: string,
): AlertEvidenceTable {
  // A page the web connector read is fetched again for its HTML (the dispatcher does it).
  const page = m.url !== null && m.channel === 'web';
  return {
    id: timeOrderedId(Date.parse(at)),
    alert_id: alertId,
    mention_id: m.id,
    source_name: sourceName,
    url: m.url,
    author: m.author,
    title: m.title,
    text: m.text,
    published_at: m.published_at,
    collected_at: m.collected_at,
    html_status: page ? 'pending' : 'none',
    html: null,
    html_fetched_at: null,
    html_error: null,
    captured_at: at,
  };
}

export function noticeSummary(a: Pick<AlertRow, 'summary' | 'mention_count' | 'kind'>): string {
  return a.kind === 'event' ? `${a.summary}（共 ${a.mention_count} 条）` : a.summary;
}

/**
 * Queues one notification of an alert: in-app, and each enabled channel that carries its
 * severity (email and SMS only when a recipient has an address or number).
 */
export async function queueNotice(
  db: Db,
  ctx: Pick<FiringContext, 'channels' | 'linkBase' | 'now' | 'queued'>,
  alert: AlertRow,
  kind: Notice['kind'],
  recipients: readonly ChainPerson[],
  due: Date,
  options: { exceptChannel?: string; step?: number } = {},
): Promise<number> {
  const notice: Notice = {
    alertId: alert.id,
    kind,
    severity: alert.severity,
    title: alert.title,
    summary: noticeSummary(alert),
    url: ctx.linkBase ? `${ctx.linkBase}${alert.id}` : null,
    at: ctx.now.toISOString(),
    recipients: recipients.map((p) => ({ name: p.name, email: p.email, phone: p.phone })),
  };
  const at = ctx.now.toISOString();
  const base = {
    alert_id: alert.id,
    notice_kind: kind,
    step: options.step ?? alert.escalation_step,
    status: 'pending' as const,
    attempts: 0,
    due_at: due.toISOString(),
    last_error: null,
    detail: null,
    sent_at: null,
    created_at: at,
  };
  const rows: AlertDeliveryTable[] = [
    {
      ...base,
      id: timeOrderedId(ctx.now.getTime()),
      channel_id: 'in_app',
      channel_kind: 'in_app',
      // In-app goes to signed-in users: their ids ride along, contacts do not.
      notice: JSON.stringify({
        ...notice,
        recipients: [],
        userIds: recipients.flatMap((p) => (p.userId ? [p.userId] : [])),
      }),
    },
  ];
  for (const c of ctx.channels) {
    if (!c.enabled || c.id === options.exceptChannel) continue;
    if (severityRank(alert.severity) < severityRank(c.min_severity)) continue;
    if (c.kind === 'email' && !recipients.some((p) => p.email)) continue;
    if (c.kind === 'sms' && !recipients.some((p) => p.phone)) continue;
    // Addresses and numbers go only to the channels that need them; a group bot gets names.
    const personal = c.kind === 'email' || c.kind === 'sms';
    rows.push({
      ...base,
      id: timeOrderedId(ctx.now.getTime()),
      channel_id: c.id,
      channel_kind: c.kind,
      notice: JSON.stringify(
        personal
          ? notice
          : {
              ...notice,
              recipients: notice.recipients.map((r) => ({ ...r, email: null, phone: null })),
            },
      ),
    });
  }
  await db.insertInto('alert_deliveries').values(rows).execute();
  await db
    .updateTable('alerts')
    .set({ last_notified_at: due.toISOString() })
    .where('id', '=', alert.id)
    .execute();
  if (ctx.queued && due.getTime() <= ctx.now.getTime()) {
    ctx.queued(
      rows.map((r) => ({
        id: r.id,
        alert_id: r.alert_id,
        channel_id: r.channel_id,
        channel_kind: r.channel_kind,
        notice: r.notice,
        attempts: r.attempts,
        notice_kind: r.notice_kind,
        unit_id: alert.unit_id,
        alert_kind: alert.kind,
      })),
    );
  }
  return rows.length;
}

/** The handling fields of an alert nobody has acknowledged or closed. */
const NOT_HANDLED = {
  acknowledged_at: null,
  acknowledged_by: null,
  acknowledged_name: null,
  closed_at: null,
  closed_by: null,
  closed_name: null,
  close_reason: null,
  dismiss_approved_by: null,
} as const satisfies Partial<AlertRow>;

/** A new open alert, due for acknowledgement by the severity's deadline, notified at step one. */
export function newAlert(a: {
  key: string;
  kind: AlertRow['kind'];
  unitId: string;
  severity: Severity;
  title: string;
  summary: string;
  chain: EscalationStep[];
  now: Date;
  ackMinutes: number;
  isDemo: number;
  sourceId?: string;
  eventId?: string;
  ruleIds?: string[];
  mentionCount?: number;
  lookedMajor?: boolean;
}): AlertRow {
  const at = a.now.toISOString();
  const due = new Date(a.now.getTime() + a.ackMinutes * 60_000).toISOString();
  return {
    id: timeOrderedId(a.now.getTime()),
    key: a.key,
    kind: a.kind,
    event_id: a.eventId ?? null,
    source_id: a.sourceId ?? null,
    unit_id: a.unitId,
    severity: a.severity,
    title: a.title,
    summary: a.summary,
    rule_ids: JSON.stringify(a.ruleIds ?? []),
    status: 'open',
    fired_at: at,
    updated_at: at,
    mention_count: a.mentionCount ?? 0,
    notified_count: a.mentionCount ?? 0,
    last_notified_at: null,
    ack_due_at: due,
    escalation_step: firstStep(a.chain),
    next_escalation_at: due,
    chain: JSON.stringify(a.chain),
    looked_major: a.severity === 'major' || a.lookedMajor ? 1 : 0,
    ...NOT_HANDLED,
    incident_id: null,
    is_demo: a.isDemo,
  };
}
