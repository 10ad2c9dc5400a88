// Events (舆情事件): every analysed mention joins a story inside the ingest transaction (the
// online clusterer in memory, its assignment and the event's figures in the store), the heat index
// and the suggested grade are recomputed for the events a batch touched, and volume counts per
// minute and hour feed the trends. People merge and split events; the audit log keeps it and the
// clusterer follows it from then on.
import {
  EventClusterer,
  type ClusterPost,
  type ClusterPrepared,
} from '../analysis/event-cluster.ts';
import type { PostAnalysis } from '../analysis/pipeline.ts';
import {
  addMention,
  emptyAggregate,
  gradingInput,
  heatFigures,
  type EventAggregate,
  type MentionFacts,
  type SentimentLabel,
} from '../domain/event-figures.ts';
import {
  DEFAULT_GRADING_RULES,
  gradingRulesSchema,
  suggestGrade,
  type GradingRules,
} from '../domain/grading.ts';
import { DEFAULT_HEAT_CONFIG, heatConfigSchema, heatOf, type HeatConfig } from '../domain/heat.ts';
import {
  authorityListSchema,
  compileAuthority,
  DEFAULT_AUTHORITY_LIST,
  type AuthorityList,
  type AuthorityTier,
  type CompiledAuthority,
  type PublishedBy,
} from '../domain/source-authority.ts';
import { bucketStart } from '../domain/volume-series.ts';
import { errors } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { externalIdKey, timeOrderedId } from '../store/ids.ts';
import type { EventRow, EventTable, MentionTable, VolumeBucketTable } from '../store/schema.ts';
import { authorize } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { writeAuditedSetting } from './settings-store.ts';

const HEAT_KEY = 'events.heat';
const GRADING_KEY = 'events.grading';
const AUTHORITY_KEY = 'events.authority';

/** How long an event stays open without a new mention. */
export const EVENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** A stored mention with what the pipeline made of it, as the clusterer and the figures need. */
export interface AnalysedMention {
  mention: Pick<
    MentionTable,
    | 'id'
    | 'source_id'
    | 'external_id'
    | 'url'
    | 'author'
    | 'title'
    | 'analysis_text'
    | 'published_at'
    | 'collected_at'
    | 'parent_external_id'
    | 'metrics'
    | 'is_demo'
    | 'text'
    | 'channel'
  >;
  sourceName: string;
  analysis: Pick<PostAnalysis, 'sentiment' | 'risk' | 'regions' | 'schemes' | 'dup'>;
  /** The mention's clustering terms, prepared ahead (the analysis worker) for this text. */
  cluster?: ClusterPrepared | undefined;
}

/** An event a batch touched: its row as written, and the batch's mentions of it (the alerts read both). */
export interface TouchedEvent {
  row: EventTable;
  mentions: AnalysedMention[];
}

export interface EventSettings {
  heat: HeatConfig;
  grading: GradingRules;
  authority: AuthorityList;
}

export type EventSettingsView = EventSettings & { defaults: Record<keyof EventSettings, boolean> };

/** When a mention happened: as published when that is plausible, else when it was collected. */
export function mentionTime(m: { published_at: string | null; collected_at: string }): number {
  const collected = Date.parse(m.collected_at);
  if (m.published_at) {
    const published = Date.parse(m.published_at);
    if (Number.isFinite(published) && published <= collected + 3_600_000) return published;
  }
  return collected;
}

interface Metrics {
  reposts?: number;
  comments?: number;
  likes?: number;
  followers?: number;
}

function metricsOf(json: string | null): Metrics {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0;
}

/** Reposts + comments + likes of a mention's metrics (JSON) as published; 0 when unknown. */
export function interactionsOf(metricsJson: string | null): number {
  return interactions(metricsOf(metricsJson));
}

function interactions(metrics: Metrics): number {
  return num(metrics.reposts) + num(metrics.comments) + num(metrics.likes);
}

/** What a mention brings to its event: metrics as published, the authority of who published. */
function factsOf(
  authority: CompiledAuthority,
  m: Omit<MentionFacts, 'interactions' | 'followers' | 'authority'> & {
    metrics: string | null;
    published: PublishedBy;
  },
): MentionFacts {
  const metrics = metricsOf(m.metrics);
  return {
    time: m.time,
    sentiment: m.sentiment,
    interactions: interactions(metrics),
    followers: num(metrics.followers),
    authority: authority.classify(m.published),
    risk: m.risk,
    riskCategories: m.riskCategories,
    regions: m.regions,
  };
}

export class EventService {
  private clusterer: Promise<EventClusterer> | null = null;
  private settings: EventSettings | null = null;
  private authority: CompiledAuthority | null = null;

  constructor(private readonly deps: ServiceDeps) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  /** The clusterer with the open events' mentions seeded, and the settings (load before a trx). */
  ready(): Promise<EventClusterer> {
    this.clusterer ??= this.build().catch((e: unknown) => {
      this.clusterer = null;
      throw e;
    });
    return this.clusterer;
  }

  /** Forgets the clusterer (a batch that fed it rolled back); rebuilt from the store on use. */
  invalidate(): void {
    this.clusterer = null;
  }

  private async build(): Promise<EventClusterer> {
    await this.loadSettings();
    const clusterer = new EventClusterer({
      windowMs: EVENT_WINDOW_MS,
      newId: () => timeOrderedId(),
    });
    // Seed the open events, oldest mention first, so the clusterer continues where it stopped.
    let after: string | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('mention_events as me')
        .innerJoin('events as e', 'e.id', 'me.event_id')
        .innerJoin('mentions as m', 'm.id', 'me.mention_id')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
        .select([
          'm.id',
          'm.title',
          'm.analysis_text',
          'm.published_at',
          'm.collected_at',
          'a.group_id',
          'me.event_id',
        ])
        .where('e.status', '=', 'open')
        .orderBy('m.id')
        .limit(2000);
      if (after !== null) q = q.where('m.id', '>', after);
      const rows = await q.execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        clusterer.seed(
          {
            id: r.id,
            text: r.analysis_text,
            title: r.title,
            time: mentionTime(r),
            dupGroup: r.group_id,
          },
          r.event_id,
        );
      }
      after = rows.at(-1)!.id;
    }
    return clusterer;
  }

  /** Reads the settings (a missing, reset or unreadable one is the built-in default). */
  private async loadSettings(): Promise<EventSettingsView> {
    const rows = await this.db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'in', [HEAT_KEY, GRADING_KEY, AUTHORITY_KEY])
      .execute();
    const read = <T>(key: string, schema: { parse(v: unknown): T }, fallback: T) => {
      const raw = rows.find((r) => r.key === key)?.value;
      if (raw === undefined || raw === 'null') return { value: fallback, isDefault: true };
      try {
        return { value: schema.parse(JSON.parse(raw)), isDefault: false };
      } catch {
        return { value: fallback, isDefault: true };
      }
    };
    const heat = read(HEAT_KEY, heatConfigSchema, DEFAULT_HEAT_CONFIG);
    const grading = read(GRADING_KEY, gradingRulesSchema, DEFAULT_GRADING_RULES);
    const authority = read(AUTHORITY_KEY, authorityListSchema, DEFAULT_AUTHORITY_LIST);
    this.settings = { heat: heat.value, grading: grading.value, authority: authority.value };
    this.authority = compileAuthority(authority.value);
    return {
      ...this.settings,
      defaults: {
        heat: heat.isDefault,
        grading: grading.isDefault,
        authority: authority.isDefault,
      },
    };
  }

  /** The heat weights, the grading rules and the authority list in force (defaults flagged). */
  async getSettings(actor: Actor): Promise<EventSettingsView> {
    authorize(actor, 'event.read');
    return this.loadSettings();
  }

  /**
   * Changes some of the settings (null: back to the built-in default), audited; the open events
   * are scored again at once, and new mentions use the new settings.
   */
  async updateSettings(
    actor: Actor,
    change: {
      heat?: HeatConfig | null | undefined;
      grading?: GradingRules | null | undefined;
      authority?: AuthorityList | null | undefined;
    },
  ): Promise<EventSettingsView> {
    authorize(actor, 'event.write');
    const now = this.deps.now();
    const parts: [keyof EventSettings, string][] = [
      ['heat', HEAT_KEY],
      ['grading', GRADING_KEY],
      ['authority', AUTHORITY_KEY],
    ];
    for (const [name, key] of parts) {
      const value = change[name];
      if (value === undefined) continue;
      await writeAuditedSetting(
        this.db,
        actor,
        now,
        key,
        value,
        `events.${name}.${value === null ? 'reset' : 'update'}`,
      );
    }
    const view = await this.loadSettings();
    const open = await this.db
      .selectFrom('events')
      .select('id')
      .where('status', '=', 'open')
      .execute();
    for (let i = 0; i < open.length; i += 100) {
      const ids = open.slice(i, i + 100).map((e) => e.id);
      // Authority feeds the figures; weights and rules only the scores.
      await this.db
        .transaction()
        .execute((trx) =>
          change.authority !== undefined
            ? this.recount(trx, ids, now)
            : this.rescore(trx, ids, now),
        );
    }
    return view;
  }

  // ------------------------------------------------------------------------------------------
  // On arrival

  /**
   * Clusters mentions just analysed in `trx` (in the given order), stores their events and the
   * events' figures, heat and suggested grade, and counts them in the volume buckets.
   */
  async assignInserted(
    trx: Db,
    items: readonly AnalysedMention[],
    clusterer: EventClusterer,
  ): Promise<TouchedEvent[]> {
    if (items.length === 0) return [];
    const now = this.deps.now();
    const at = now.toISOString();
    const authority = this.authority ?? compileAuthority(DEFAULT_AUTHORITY_LIST);
    // Parents named by external id: in this batch, else already stored under the same source.
    const byExternal = new Map<string, string>();
    for (const it of items) {
      if (it.mention.external_id)
        byExternal.set(`${it.mention.source_id}\n${it.mention.external_id}`, it.mention.id);
    }
    // Parents not in the batch, looked up by their natural key (unique index).
    const missing = new Map<string, Set<string>>();
    for (const { mention: m } of items) {
      if (!m.parent_external_id || byExternal.has(`${m.source_id}\n${m.parent_external_id}`))
        continue;
      const set = missing.get(m.source_id) ?? new Set<string>();
      set.add(m.parent_external_id);
      missing.set(m.source_id, set);
    }
    for (const [sourceId, externalIds] of missing) {
      const keys = new Map([...externalIds].map((x) => [externalIdKey(sourceId, x), x]));
      const all = [...keys.keys()];
      for (let i = 0; i < all.length; i += 500) {
        const parents = await trx
          .selectFrom('mentions')
          .select(['id', 'natural_key'])
          .where('natural_key', 'in', all.slice(i, i + 500))
          .execute();
        for (const p of parents) {
          byExternal.set(`${sourceId}\n${keys.get(p.natural_key)}`, p.id);
        }
      }
    }

    const touched = new Map<
      string,
      { created: boolean; facts: MentionFacts[]; first: AnalysedMention; items: AnalysedMention[] }
    >();
    const links: {
      mention_id: string;
      event_id: string;
      assigned_by: 'machine';
      assigned_at: string;
    }[] = [];
    const buckets = new BucketCounter();
    for (const it of items) {
      const m = it.mention;
      const time = mentionTime(m);
      const post: ClusterPost = {
        id: m.id,
        text: m.analysis_text,
        title: m.title,
        time,
        dupGroup: it.analysis.dup.groupId,
        parentId: m.parent_external_id
          ? (byExternal.get(`${m.source_id}\n${m.parent_external_id}`) ?? null)
          : null,
        prepared: it.cluster,
      };
      const { event, created } = clusterer.add(post);
      links.push({ mention_id: m.id, event_id: event, assigned_by: 'machine', assigned_at: at });
      const facts = factsOf(authority, {
        time,
        metrics: m.metrics,
        published: { source: it.sourceName, url: m.url, author: m.author },
        sentiment: it.analysis.sentiment.label,
        risk: it.analysis.risk.score,
        riskCategories: it.analysis.risk.categories.map((c) => c.id),
        regions: it.analysis.regions,
      });
      const entry = touched.get(event);
      if (entry) {
        entry.facts.push(facts);
        entry.items.push(it);
      } else touched.set(event, { created, facts: [facts], first: it, items: [it] });
      const sentiment = facts.sentiment;
      buckets.add('all', '', time, sentiment);
      buckets.add('event', event, time, sentiment);
      buckets.add('source', m.source_id, time, sentiment);
      for (const s of it.analysis.schemes) buckets.add('scheme', s, time, sentiment);
      const codes = new Set<string>();
      for (const r of it.analysis.regions) for (const c of [...r.path, r.adcode]) codes.add(c);
      for (const c of codes) buckets.add('region', c, time, sentiment);
    }

    // The counts first (the heat reads the last hour from them), then the events with their
    // figures, heat and grade in one write each, then the links (they reference the events).
    await buckets.flush(trx);
    const ids = [...touched.keys()];
    const existing = await this.rowsOf(trx, ids);
    const lastHour = await this.lastHourCounts(trx, ids, now);
    const settings = this.currentSettings();
    const rows: EventTable[] = [];
    const out: TouchedEvent[] = [];
    for (const [id, t] of touched) {
      const old = existing.get(id);
      const agg = old ? aggregateOf(old) : emptyAggregate();
      for (const f of t.facts) addMention(agg, f);
      const m = t.first.mention;
      rows.push({
        ...(old ?? {
          id,
          title: titleOf(m.title, m.analysis_text),
          title_mention_id: m.id,
          status: 'open' as const,
          merged_into: null,
          is_demo: m.is_demo,
          created_at: at,
        }),
        ...figuresColumns(agg),
        ...scoreColumns(agg, lastHour.get(id) ?? 0, settings),
        keywords: JSON.stringify(clusterer.keywords(id, 8)),
        updated_at: at,
      });
      out.push({ row: rows[rows.length - 1]!, mentions: t.items });
    }
    await upsertEvents(trx, rows);
    for (let i = 0; i < links.length; i += 500) {
      await trx
        .insertInto('mention_events')
        .values(links.slice(i, i + 500))
        .execute();
    }
    // The window runs on the stream's time: an import of last year's posts keeps its stories
    // open while it runs, live posts close the idle ones as the clock moves.
    const streamTime = Math.min(
      now.getTime(),
      items.reduce((t, it) => Math.max(t, mentionTime(it.mention)), Number.NEGATIVE_INFINITY),
    );
    for (const closed of clusterer.expire(streamTime)) {
      await trx
        .updateTable('events')
        .set({ status: 'closed', updated_at: at })
        .where('id', '=', closed)
        .where('status', '=', 'open')
        .execute();
    }
    return out;
  }

  private currentSettings(): EventSettings {
    return (
      this.settings ?? {
        heat: DEFAULT_HEAT_CONFIG,
        grading: DEFAULT_GRADING_RULES,
        authority: DEFAULT_AUTHORITY_LIST,
      }
    );
  }

  /** Mentions of each event in the hour before `now`, from the minute buckets. */
  private async lastHourCounts(
    trx: Db,
    ids: readonly string[],
    now: Date,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const since = bucketStart(now.getTime() - 3_600_000, 'minute');
    for (let i = 0; i < ids.length; i += 500) {
      const recent = await trx
        .selectFrom('volume_buckets')
        .select(['key', (eb) => eb.fn.sum<number>('count').as('n')])
        .where('kind', '=', 'event')
        .where('res', '=', 'minute')
        .where('key', 'in', ids.slice(i, i + 500))
        .where('bucket', '>=', since)
        .where('bucket', '<=', now.getTime())
        .groupBy('key')
        .execute();
      for (const r of recent) out.set(r.key, Number(r.n));
    }
    return out;
  }

  /** Heat and suggested grade of the given events, from their stored figures, as of `now`. */
  private async rescore(trx: Db, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    const settings = this.currentSettings();
    const lastHour = await this.lastHourCounts(trx, ids, now);
    const rows = await this.rowsOf(trx, ids);
    for (const row of rows.values()) {
      await trx
        .updateTable('events')
        .set(scoreColumns(aggregateOf(row), lastHour.get(row.id) ?? 0, settings))
        .where('id', '=', row.id)
        .execute();
    }
  }

  private async rowsOf(trx: Db, ids: readonly string[]): Promise<Map<string, EventRow>> {
    const out = new Map<string, EventRow>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      for (const r of await trx
        .selectFrom('events')
        .selectAll()
        .where('id', 'in', part)
        .execute()) {
        out.set(r.id, r);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // People's corrections

  /** Merges events into one: their mentions move, they stay as `merged` pointing at it. */
  async merge(actor: Actor, into: string, from: readonly string[]): Promise<EventRow> {
    authorize(actor, 'event.write');
    const others = [...new Set(from)].filter((id) => id !== into);
    if (others.length === 0) throw errors.invalidInput('from: name at least one other event');
    const clusterer = await this.ready();
    const now = this.deps.now();
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      const rows = await this.rowsOf(trx, [into, ...others]);
      for (const id of [into, ...others]) {
        const r = rows.get(id);
        if (!r) throw errors.notFound(`event ${id}`);
        if (r.status === 'merged') throw errors.conflict(`event ${id} was merged already`);
      }
      await trx
        .updateTable('mention_events')
        .set({ event_id: into, assigned_by: 'person', assigned_at: at })
        .where('event_id', 'in', others)
        .execute();
      await trx
        .updateTable('events')
        .set({ status: 'merged', merged_into: into, updated_at: at })
        .where('id', 'in', others)
        .execute();
      await this.recount(trx, [into, ...others], now);
      await audit(trx, actor, now, {
        action: 'event.merge',
        objectType: 'event',
        objectId: into,
        before: { events: [into, ...others] },
        after: { into, merged: others },
      });
    });
    clusterer.merge(into, others);
    return (await this.rowsOf(this.db, [into])).get(into)!;
  }

  /** Splits mentions out of an event into a new one; the clusterer keeps them apart after. */
  async split(actor: Actor, eventId: string, mentionIds: readonly string[]): Promise<EventRow> {
    authorize(actor, 'event.write');
    const ids = [...new Set(mentionIds)];
    if (ids.length === 0) throw errors.invalidInput('mention_ids: name at least one mention');
    const clusterer = await this.ready();
    const now = this.deps.now();
    const at = now.toISOString();
    const newId = timeOrderedId(now.getTime());
    await this.db.transaction().execute(async (trx) => {
      const source = (await this.rowsOf(trx, [eventId])).get(eventId);
      if (!source) throw errors.notFound('event');
      if (source.status === 'merged') throw errors.conflict('the event was merged into another');
      const members = await trx
        .selectFrom('mention_events')
        .select('mention_id')
        .where('event_id', '=', eventId)
        .execute();
      const set = new Set(members.map((m) => m.mention_id));
      const foreign = ids.filter((id) => !set.has(id));
      if (foreign.length > 0) {
        throw errors.invalidInput('mention_ids: not in this event', { mention_ids: foreign });
      }
      if (ids.length === set.size) {
        throw errors.invalidInput('mention_ids: leave at least one mention in the event');
      }
      const first = await trx
        .selectFrom('mentions')
        .select(['id', 'title', 'analysis_text', 'is_demo'])
        .where('id', 'in', ids)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('events')
        .values({
          ...source,
          id: newId,
          title: titleOf(first.title, first.analysis_text),
          title_mention_id: first.id,
          status: 'open',
          merged_into: null,
          is_demo: first.is_demo,
          created_at: at,
          updated_at: at,
        })
        .execute();
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .updateTable('mention_events')
          .set({ event_id: newId, assigned_by: 'person', assigned_at: at })
          .where('mention_id', 'in', ids.slice(i, i + 500))
          .execute();
      }
      await this.recount(trx, [eventId, newId], now);
      await audit(trx, actor, now, {
        action: 'event.split',
        objectType: 'event',
        objectId: eventId,
        before: { event: eventId },
        after: { new_event: newId, mention_ids: ids },
      });
    });
    clusterer.split(ids, newId);
    return (await this.rowsOf(this.db, [newId])).get(newId)!;
  }

  /**
   * Counts the volume buckets again from the stored mentions and their analysis: after history
   * was analysed again (sentiment, regions and schemes may have changed), or for one scheme after
   * it was re-matched. The open events' figures are recounted too after a full rebuild.
   */
  async rebuildVolumes(scheme?: string): Promise<void> {
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      let del = trx.deleteFrom('volume_buckets');
      if (scheme !== undefined) del = del.where('kind', '=', 'scheme').where('key', '=', scheme);
      await del.execute();
      let after: string | null = null;
      for (;;) {
        let q = trx
          .selectFrom('mentions as m')
          .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
          .leftJoin('mention_events as me', 'me.mention_id', 'm.id')
          .select([
            'm.id',
            'm.source_id',
            'm.published_at',
            'm.collected_at',
            'a.sentiment',
            'a.regions',
            'me.event_id',
          ])
          .orderBy('m.id')
          .limit(2000);
        if (scheme !== undefined) {
          q = q
            .innerJoin('mention_schemes as ms', 'ms.mention_id', 'm.id')
            .where('ms.scheme_id', '=', scheme);
        }
        if (after !== null) q = q.where('m.id', '>', after);
        const rows = await q.execute();
        if (rows.length === 0) break;
        const buckets = new BucketCounter();
        const schemesOf = new Map<string, string[]>();
        if (scheme === undefined) {
          const links = await trx
            .selectFrom('mention_schemes')
            .select(['mention_id', 'scheme_id'])
            .where(
              'mention_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
          for (const l of links)
            schemesOf.set(l.mention_id, [...(schemesOf.get(l.mention_id) ?? []), l.scheme_id]);
        }
        for (const r of rows) {
          const time = mentionTime(r);
          const sentiment = r.sentiment ?? 'neutral';
          if (scheme !== undefined) {
            buckets.add('scheme', scheme, time, sentiment);
            continue;
          }
          buckets.add('all', '', time, sentiment);
          buckets.add('source', r.source_id, time, sentiment);
          if (r.event_id) buckets.add('event', r.event_id, time, sentiment);
          for (const sid of schemesOf.get(r.id) ?? []) buckets.add('scheme', sid, time, sentiment);
          const codes = new Set<string>();
          const regions = r.regions ? (JSON.parse(r.regions) as MentionFacts['regions']) : [];
          for (const g of regions) for (const c of [...g.path, g.adcode]) codes.add(c);
          for (const c of codes) buckets.add('region', c, time, sentiment);
        }
        await buckets.flush(trx);
        after = rows.at(-1)!.id;
      }
    });
    if (scheme !== undefined) return;
    // Sentiment, risk and regions feed the figures: recount the open events.
    const open = await this.db
      .selectFrom('events')
      .select('id')
      .where('status', '=', 'open')
      .execute();
    for (let i = 0; i < open.length; i += 100) {
      const ids = open.slice(i, i + 100).map((e) => e.id);
      await this.db.transaction().execute((trx) => this.recount(trx, ids, now));
    }
  }

  /** Figures and event volume counts again from the events' mentions (after a merge or split). */
  private async recount(trx: Db, ids: readonly string[], now: Date): Promise<void> {
    const authority = this.authority ?? compileAuthority(DEFAULT_AUTHORITY_LIST);
    await trx
      .deleteFrom('volume_buckets')
      .where('kind', '=', 'event')
      .where('key', 'in', ids)
      .execute();
    const buckets = new BucketCounter();
    for (const id of ids) {
      const rows = await trx
        .selectFrom('mention_events as me')
        .innerJoin('mentions as m', 'm.id', 'me.mention_id')
        .innerJoin('sources as s', 's.id', 'm.source_id')
        .leftJoin('mention_analysis as a', 'a.mention_id', 'm.id')
        .select([
          'm.published_at',
          'm.collected_at',
          'm.metrics',
          'm.url',
          'm.author',
          's.name as source_name',
          'a.sentiment',
          'a.risk_score',
          'a.risk',
          'a.regions',
        ])
        .where('me.event_id', '=', id)
        .execute();
      const agg = emptyAggregate();
      for (const r of rows) {
        const facts = factsOf(authority, {
          time: mentionTime(r),
          metrics: r.metrics,
          published: { source: r.source_name, url: r.url, author: r.author },
          sentiment: r.sentiment ?? 'neutral',
          risk: r.risk_score ?? 0,
          riskCategories: r.risk ? (JSON.parse(r.risk) as { id: string }[]).map((c) => c.id) : [],
          regions: r.regions ? (JSON.parse(r.regions) as MentionFacts['regions']) : [],
        });
        addMention(agg, facts);
        buckets.add('event', id, facts.time, facts.sentiment);
      }
      if (agg.mentions > 0) {
        await trx
          .updateTable('events')
          .set({ ...figuresColumns(agg), updated_at: now.toISOString() })
          .where('id', '=', id)
          .execute();
      } else {
        await trx
          .updateTable('events')
          .set({ mention_count: 0, negative_count: 0, neutral_count: 0, positive_count: 0 })
          .where('id', '=', id)
          .execute();
      }
    }
    await buckets.flush(trx);
    await this.rescore(trx, ids, now);
  }
}

/** The first line of the title, else of the text, cut to 60 characters. */
export function titleOf(title: string | null, text: string): string {
  const base = (title?.trim() || text.trim()).split('\n')[0] ?? '';
  const chars = [...base];
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : base || '(无标题)';
}

function scoreColumns(agg: EventAggregate, lastHour: number, settings: EventSettings) {
  const heat = heatOf(heatFigures(agg, lastHour), settings.heat);
  const grade = suggestGrade(gradingInput(agg, heat.score), settings.grading);
  return {
    heat: heat.score,
    heat_factors: JSON.stringify(heat.factors),
    suggested_grade: grade.grade,
    grade_reasons: JSON.stringify(grade.reasons),
  };
}

function figuresColumns(agg: EventAggregate) {
  return {
    first_seen: new Date(agg.first).toISOString(),
    last_seen: new Date(agg.last).toISOString(),
    mention_count: agg.mentions,
    negative_count: agg.negative,
    neutral_count: agg.neutral,
    positive_count: agg.positive,
    interactions: agg.interactions,
    max_followers: agg.maxFollowers,
    authority_tier: agg.authority?.tier ?? null,
    authority_name: agg.authority?.name ?? null,
    max_risk: agg.maxRisk,
    risk_categories: JSON.stringify(agg.riskCategories),
    prefectures: JSON.stringify(agg.prefectures),
    outside_province: agg.outsideProvince ? 1 : 0,
  };
}

export function aggregateOf(row: EventRow): EventAggregate {
  return {
    first: Date.parse(row.first_seen),
    last: Date.parse(row.last_seen),
    mentions: row.mention_count,
    negative: row.negative_count,
    neutral: row.neutral_count,
    positive: row.positive_count,
    interactions: Number(row.interactions),
    maxFollowers: Number(row.max_followers),
    authority:
      row.authority_tier && row.authority_name
        ? { tier: row.authority_tier as AuthorityTier, name: row.authority_name }
        : null,
    maxRisk: row.max_risk,
    riskCategories: JSON.parse(row.risk_categories) as Record<string, number>,
    prefectures: JSON.parse(row.prefectures) as string[],
    outsideProvince: row.outside_province === 1,
  };
}

/** Inserts new events and updates known ones, many rows a statement. */
async function upsertEvents(trx: Db, rows: readonly EventTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    await trx
      .insertInto('events')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) =>
        // An update keeps the event's id, when it was created, its title and its status.
        oc.column('id').doUpdateSet((eb) => ({
          keywords: eb.ref('excluded.keywords'),
          first_seen: eb.ref('excluded.first_seen'),
          last_seen: eb.ref('excluded.last_seen'),
          mention_count: eb.ref('excluded.mention_count'),
          negative_count: eb.ref('excluded.negative_count'),
          neutral_count: eb.ref('excluded.neutral_count'),
          positive_count: eb.ref('excluded.positive_count'),
          interactions: eb.ref('excluded.interactions'),
          max_followers: eb.ref('excluded.max_followers'),
          authority_tier: eb.ref('excluded.authority_tier'),
          authority_name: eb.ref('excluded.authority_name'),
          max_risk: eb.ref('excluded.max_risk'),
          risk_categories: eb.ref('excluded.risk_categories'),
          prefectures: eb.ref('excluded.prefectures'),
          outside_province: eb.ref('excluded.outside_province'),
          heat: eb.ref('excluded.heat'),
          heat_factors: eb.ref('excluded.heat_factors'),
          suggested_grade: eb.ref('excluded.suggested_grade'),
          grade_reasons: eb.ref('excluded.grade_reasons'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Volume counts of a batch, summed in memory, then added to the stored buckets. */
class BucketCounter {
  private readonly counts = new Map<string, VolumeBucketTable>();

  add(kind: VolumeBucketTable['kind'], key: string, time: number, sentiment: SentimentLabel): void {
    for (const res of ['minute', 'hour'] as const) {
      const bucket = bucketStart(time, res);
      const k = `${kind}\n${key}\n${res}\n${bucket}`;
      let row = this.counts.get(k);
      if (!row) {
        row = { kind, key, res, bucket, count: 0, negative: 0, positive: 0 };
        this.counts.set(k, row);
      }
      row.count++;
      if (sentiment === 'negative') row.negative++;
      if (sentiment === 'positive') row.positive++;
    }
  }

  async flush(trx: Db): Promise<void> {
    const rows = [...this.counts.values()];
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('volume_buckets')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['kind', 'key', 'res', 'bucket']).doUpdateSet((eb) => ({
            count: eb('volume_buckets.count', '+', eb.ref('excluded.count')),
            negative: eb('volume_buckets.negative', '+', eb.ref('excluded.negative')),
            positive: eb('volume_buckets.positive', '+', eb.ref('excluded.positive')),
          })),
        )
        .execute();
    }
    this.counts.clear();
  }
}
