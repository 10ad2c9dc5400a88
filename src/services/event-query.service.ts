// Reading events and trends: the hot list, one event with its breakdowns, and volume series with
// bursts. Figures come from the events table and the volume buckets kept on arrival, so these
// reads stay fast however many mentions are stored.
import type { AlertCounts } from './alert.service.ts';
import { sql } from 'kysely';
import { inScope } from '../domain/access.ts';
import { detectBursts, type Burst } from '../domain/burst.ts';
import type { GradingReason } from '../domain/grading.ts';
import type { HeatFactor } from '../domain/heat.ts';
import {
  bucketStart,
  coarsen,
  denseSeries,
  RESOLUTION_MS,
  type Resolution,
  type VolumeSeries,
} from '../domain/volume-series.ts';
import { gansuPrefectures } from '../analysis/gazetteer.ts';
import { errors } from '../errors.ts';
import type { Db } from '../store/db.ts';
import type { EventRow, VolumeBucketTable } from '../store/schema.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { interactionsOf, mentionTime } from './event.service.ts';

export interface EventSummary {
  id: string;
  title: string;
  keywords: string[];
  status: EventRow['status'];
  merged_into: string | null;
  first_seen: string;
  last_seen: string;
  mention_count: number;
  sentiment: { negative: number; neutral: number; positive: number };
  heat: number;
  suggested_grade: 'major' | 'general';
  authority: { tier: string; name: string } | null;
  prefectures: string[];
  is_demo: boolean;
  /** Hourly mention counts over the last 24 hours before the newest mention. */
  trend: { start: string; counts: number[] };
}

export interface EventDetail extends EventSummary {
  heat_factors: HeatFactor[];
  grade_reasons: GradingReason[];
  risk_categories: Record<string, number>;
  interactions: number;
  max_followers: number;
  sources: { id: string; name: string; count: number }[];
  regions: { adcode: string; count: number }[];
  /** Authors as published, by reach (interactions of their posts in the event), top 10. */
  top_authors: { author: string; posts: number; interactions: number }[];
  /** The largest similar-article groups in the event. */
  groups: { id: string; count: number; title: string }[];
  /** What happened when, oldest first: the first mention, the first on each source, bursts,
   * the peak hour, people's merges and splits, the latest mention. */
  timeline: TimelineEntry[];
  /** Repost links inside the event (child -> parent, both mentions of the event). */
  propagation: {
    nodes: number;
    edges: { from: string; to: string }[];
    key_spreaders: { id: string; reposts: number }[];
  };
}

export interface TimelineEntry {
  at: string;
  kind: 'first' | 'source' | 'burst' | 'peak' | 'merge' | 'split' | 'last';
  /** The mention it points at, when there is one. */
  mention_id: string | null;
  /** The source's name, the text's first words, counts or who acted, as fits the kind. */
  detail: string;
}

export interface TrendQuery {
  kind: VolumeBucketTable['kind'];
  key?: string | undefined;
  res: Resolution;
  from?: string | undefined;
  to?: string | undefined;
}

export interface TrendResult {
  kind: string;
  key: string;
  res: Resolution;
  start: string;
  step_ms: number;
  counts: number[];
  negative: number[];
  bursts: (Omit<Burst, 'start' | 'end' | 'peak'> & { start: string; end: string; peak: string })[];
}

export const DASHBOARD_RANGES = ['24h', '7d', '30d'] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

export interface Dashboard {
  range: DashboardRange;
  from: string;
  to: string;
  volume: {
    res: Resolution;
    start: string;
    step_ms: number;
    counts: number[];
    negative: number[];
    positive: number[];
  };
  bursts: TrendResult['bursts'];
  sentiment: { negative: number; neutral: number; positive: number };
  sources: { id: string; name: string; count: number }[];
  /** Gansu's 14 市州 with their volume and negative count in the range. */
  prefectures: { adcode: string; name: string; count: number; negative: number }[];
  hot_events: EventSummary[];
  /** Keywords of the events active in the range, weighted by their mentions. */
  words: { word: string; weight: number }[];
  /** Alert counts (the route adds them for those who may read alerts); incidents: later. */
  alerts: AlertCounts | null;
  incidents: { running: number } | null;
}

/** Mentions an event page reads for authors and propagation (the first ones, in time order). */
export const PROPAGATION_MENTIONS = 5000;

const MAX_BUCKETS: Record<Resolution, number> = {
  minute: 3 * 24 * 60,
  hour: 90 * 24,
  day: 3 * 365,
};

interface HeatCursor {
  heat: number;
  id: string;
}
const isHeatCursor = (v: unknown): v is HeatCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as HeatCursor).heat === 'number' &&
  typeof (v as HeatCursor).id === 'string';

export class EventQueryService {
  constructor(private readonly deps: ServiceDeps) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  /** Ids of the sources the actor may see; null: all of them. */
  private async scopeSources(actor: Actor): Promise<string[] | null> {
    const scope = actor.principal?.scope;
    if (!scope || scope.kind === 'province') return null;
    const rows = await this.db.selectFrom('sources').select(['id', 'unit_id']).execute();
    return rows.filter((r) => inScope(scope, r.unit_id)).map((r) => r.id);
  }

  async list(
    actor: Actor,
    q: {
      status: 'open' | 'closed' | 'all';
      limit: number;
      cursor?: string | undefined;
      since?: string | undefined;
    },
  ): Promise<{ items: EventSummary[]; next_cursor: string | null }> {
    authorize(actor, 'event.read');
    const sources = await this.scopeSources(actor);
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .where('status', '!=', 'merged')
      .orderBy('heat', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit);
    if (q.status !== 'all') query = query.where('status', '=', q.status);
    if (q.since) query = query.where('last_seen', '>=', new Date(q.since).toISOString());
    if (sources) {
      // A city bureau sees the events its own sources took part in.
      const ids = sources.length ? sources : [''];
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('mention_events as me')
            .innerJoin('mentions as m', 'm.id', 'me.mention_id')
            .select('me.mention_id')
            .whereRef('me.event_id', '=', 'events.id')
            .where('m.source_id', 'in', ids),
        ),
      );
    }
    if (q.cursor) {
      const c = decodeCursor(q.cursor, isHeatCursor);
      query = query.where((eb) =>
        eb.or([eb('heat', '<', c.heat), eb.and([eb('heat', '=', c.heat), eb('id', '<', c.id)])]),
      );
    }
    const rows = await query.execute();
    const trends = await this.hourlyTrends(rows);
    const last = rows.at(-1);
    return {
      items: rows.map((r) => summary(r, trends.get(r.id)!)),
      next_cursor:
        rows.length === q.limit && last ? encodeCursor({ heat: last.heat, id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<EventDetail> {
    authorize(actor, 'event.read');
    const row = await this.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound('event');
    const sources = await this.scopeSources(actor);
    const members = this.membersOf(id, sources);
    if (sources) {
      const any = await members.select('me.mention_id').limit(1).executeTakeFirst();
      if (!any) throw errors.notFound('event');
    }
    const bySource = await members
      .select(['s.id', 's.name', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['s.id', 's.name'])
      .orderBy('n', 'desc')
      .limit(20)
      .execute();
    const regions = await members
      .innerJoin('mention_regions as r', 'r.mention_id', 'm.id')
      .select(['r.adcode', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('r.adcode')
      .orderBy('n', 'desc')
      .limit(50)
      .execute();
    const people = await members
      .select([
        'm.id',
        'm.author',
        'm.metrics',
        'm.external_id',
        'm.parent_external_id',
        'm.source_id',
      ])
      .orderBy('m.id')
      // Authors and the repost tree from the first mentions (time order), where a story starts
      // and spreads; a bound, so a huge event still answers at once.
      .limit(PROPAGATION_MENTIONS)
      .execute();
    const authors = new Map<string, { posts: number; interactions: number }>();
    const byExternal = new Map<string, string>();
    for (const p of people)
      if (p.external_id) byExternal.set(`${p.source_id}\n${p.external_id}`, p.id);
    const edges: { from: string; to: string }[] = [];
    const reposted = new Map<string, number>();
    for (const p of people) {
      const inter = interactionsOf(p.metrics);
      if (p.author) {
        const a = authors.get(p.author) ?? { posts: 0, interactions: 0 };
        a.posts++;
        a.interactions += inter;
        authors.set(p.author, a);
      }
      if (p.parent_external_id) {
        const parent = byExternal.get(`${p.source_id}\n${p.parent_external_id}`);
        if (parent) {
          edges.push({ from: p.id, to: parent });
          reposted.set(parent, (reposted.get(parent) ?? 0) + 1);
        }
      }
    }
    const groups = await members
      .innerJoin('mention_analysis as a', 'a.mention_id', 'm.id')
      .select(['a.group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('a.group_id')
      .having(sql`count(*)`, '>', 1)
      .orderBy('n', 'desc')
      .limit(10)
      .execute();
    const groupTitles = new Map(
      (groups.length
        ? await this.db
            .selectFrom('mentions')
            .select(['id', 'title', 'analysis_text'])
            .where(
              'id',
              'in',
              groups.map((g) => g.group_id),
            )
            .execute()
        : []
      ).map((m) => [m.id, (m.title ?? m.analysis_text).slice(0, 80)]),
    );
    const trend = (await this.hourlyTrends([row])).get(row.id)!;
    const timeline = await this.timeline(row, members);
    return {
      ...summary(row, trend),
      heat_factors: JSON.parse(row.heat_factors) as HeatFactor[],
      grade_reasons: JSON.parse(row.grade_reasons) as GradingReason[],
      risk_categories: JSON.parse(row.risk_categories) as Record<string, number>,
      interactions: Number(row.interactions),
      max_followers: Number(row.max_followers),
      sources: bySource.map((s) => ({ id: s.id, name: s.name, count: Number(s.n) })),
      regions: regions.map((r) => ({ adcode: r.adcode, count: Number(r.n) })),
      top_authors: [...authors.entries()]
        .map(([author, a]) => ({ author, ...a }))
        .sort(
          (a, b) =>
            b.interactions - a.interactions ||
            b.posts - a.posts ||
            a.author.localeCompare(b.author),
        )
        .slice(0, 10),
      groups: groups.map((g) => ({
        id: g.group_id,
        count: Number(g.n),
        title: groupTitles.get(g.group_id) ?? '',
      })),
      timeline,
      propagation: {
        nodes: people.length,
        edges: edges.slice(0, 5000),
        key_spreaders: [...reposted.entries()]
          .map(([mid, n]) => ({ id: mid, reposts: n }))
          .sort((a, b) => b.reposts - a.reposts || a.id.localeCompare(b.id))
          .slice(0, 10),
      },
    };
  }

  private async timeline(
    row: EventRow,
    members: ReturnType<EventQueryService['membersOf']>,
  ): Promise<TimelineEntry[]> {
    const out: TimelineEntry[] = [];
    const snippet = (m: { title: string | null; analysis_text: string }) =>
      [...(m.title ?? m.analysis_text)].slice(0, 40).join('');
    const pick = [
      'm.id',
      'm.title',
      'm.analysis_text',
      'm.published_at',
      'm.collected_at',
    ] as const;
    const first = await members
      .select([...pick, 's.name as source_name'])
      .orderBy('m.id')
      .limit(1)
      .executeTakeFirst();
    const last = await members
      .select([...pick, 's.name as source_name'])
      .orderBy('m.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (first) {
      out.push({
        at: new Date(mentionTime(first)).toISOString(),
        kind: 'first',
        mention_id: first.id,
        detail: `${first.source_name}：${snippet(first)}`,
      });
    }
    // Where it spread: the first mention on each other source.
    const firsts = await members
      .select([
        's.id as source_id',
        's.name as source_name',
        (eb) => eb.fn.min('m.id').as('first_id'),
      ])
      .groupBy(['s.id', 's.name'])
      .limit(20)
      .execute();
    const firstIds = firsts.map((f) => String(f.first_id)).filter((fid) => fid !== first?.id);
    if (firstIds.length) {
      const rows = await this.db
        .selectFrom('mentions as m')
        .innerJoin('sources as s', 's.id', 'm.source_id')
        .select([...pick, 's.name as source_name'])
        .where('m.id', 'in', firstIds)
        .execute();
      for (const m of rows) {
        out.push({
          at: new Date(mentionTime(m)).toISOString(),
          kind: 'source',
          mention_id: m.id,
          detail: `${m.source_name}：${snippet(m)}`,
        });
      }
    }
    // Bursts and the peak of its hourly series over its life (at most 90 days).
    const from = bucketStart(Date.parse(row.first_seen), 'hour');
    const to = Math.min(Date.parse(row.last_seen), from + 90 * RESOLUTION_MS.day);
    const buckets = await this.db
      .selectFrom('volume_buckets')
      .select(['bucket', 'count'])
      .where('kind', '=', 'event')
      .where('key', '=', row.id)
      .where('res', '=', 'hour')
      .where('bucket', '>=', from)
      .where('bucket', '<=', to)
      .execute();
    const series = denseSeries(
      buckets.map((b) => ({ bucket: Number(b.bucket), count: b.count })),
      'hour',
      from,
      to,
    );
    // A bucket starts before the event's first mention in it: name the later of the two.
    const notBefore = (t: number) =>
      new Date(Math.max(t, Date.parse(row.first_seen))).toISOString();
    for (const b of detectBursts(series).bursts) {
      out.push({
        at: notBefore(b.start),
        kind: 'burst',
        mention_id: null,
        detail: `${b.total}`,
      });
    }
    let peak = -1;
    series.counts.forEach((c, i) => {
      if (peak < 0 || c > (series.counts[peak] ?? 0)) peak = i;
    });
    if (peak >= 0 && (series.counts[peak] ?? 0) > 1) {
      out.push({
        at: notBefore(series.start + peak * RESOLUTION_MS.hour),
        kind: 'peak',
        mention_id: null,
        detail: `${series.counts[peak]}`,
      });
    }
    const audits = await this.db
      .selectFrom('audit_log')
      .select(['at', 'action', 'actor_name'])
      .where('object_type', '=', 'event')
      .where('object_id', '=', row.id)
      .where('action', 'in', ['event.merge', 'event.split'])
      .orderBy('seq')
      .limit(50)
      .execute();
    for (const a of audits) {
      out.push({
        at: a.at,
        kind: a.action === 'event.merge' ? 'merge' : 'split',
        mention_id: null,
        detail: a.actor_name,
      });
    }
    if (last && last.id !== first?.id) {
      out.push({
        at: new Date(mentionTime(last)).toISOString(),
        kind: 'last',
        mention_id: last.id,
        detail: `${last.source_name}：${snippet(last)}`,
      });
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  private membersOf(id: string, sources: string[] | null) {
    return this.db
      .selectFrom('mention_events as me')
      .innerJoin('mentions as m', 'm.id', 'me.mention_id')
      .innerJoin('sources as s', 's.id', 'm.source_id')
      .where('me.event_id', '=', id)
      .$if(sources !== null, (qb) =>
        qb.where('m.source_id', 'in', sources?.length ? sources : ['']),
      );
  }

  /** A volume series with its bursts: all mentions, one event, one scheme or one region. */
  async trend(actor: Actor, q: TrendQuery): Promise<TrendResult> {
    authorize(actor, 'event.read');
    const key = q.kind === 'all' ? '' : (q.key ?? '');
    if (q.kind !== 'all' && key === '')
      throw errors.invalidInput(`key: required for kind ${q.kind}`);
    const now = this.deps.now().getTime();
    const to = q.to ? Date.parse(q.to) : now;
    const span =
      RESOLUTION_MS[q.res] * (q.res === 'minute' ? 6 * 60 : q.res === 'hour' ? 7 * 24 : 30);
    const from = q.from ? Date.parse(q.from) : to - span;
    if (!(from <= to)) throw errors.invalidInput('from: must not be after to');
    if ((to - from) / RESOLUTION_MS[q.res] > MAX_BUCKETS[q.res]) {
      throw errors.invalidInput(`from: at most ${MAX_BUCKETS[q.res]} ${q.res} buckets per request`);
    }
    const stored: 'minute' | 'hour' = q.res === 'minute' ? 'minute' : 'hour';
    const sources = await this.scopeSources(actor);
    if (sources && (q.kind === 'scheme' || q.kind === 'region')) {
      // Counted over every unit's sources: a city bureau reads its own sources' volume instead.
      throw errors.outOfScope(`kind ${q.kind}: counted province-wide; use kind all or event`);
    }
    if (sources && q.kind === 'event') {
      const any = await this.membersOf(key, sources)
        .select('me.mention_id')
        .limit(1)
        .executeTakeFirst();
      if (!any) throw errors.notFound('event');
    }
    const rows = await this.volumeRows(
      q.kind === 'all' ? { sources } : { kind: q.kind, key },
      stored,
      bucketStart(from, 'day') - RESOLUTION_MS.day,
      to,
    );
    const counts = denseSeries(
      rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.count) })),
      stored,
      from,
      to,
    );
    const negative = denseSeries(
      rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.negative) })),
      stored,
      from,
      to,
    );
    const series: VolumeSeries = stored === q.res ? counts : coarsen(counts, q.res);
    const neg: VolumeSeries = stored === q.res ? negative : coarsen(negative, q.res);
    const { bursts } = detectBursts(series);
    const iso = (t: number) => new Date(t).toISOString();
    return {
      kind: q.kind,
      key,
      res: q.res,
      start: iso(series.start),
      step_ms: RESOLUTION_MS[q.res],
      counts: series.counts,
      negative: neg.counts,
      bursts: bursts.map((b) => ({
        ...b,
        start: iso(b.start),
        end: iso(b.end),
        peak: iso(b.peak),
      })),
    };
  }

  /** The 总览 in one read: counts from the volume buckets, the hottest events, the map. */
  async dashboard(actor: Actor, range: DashboardRange): Promise<Dashboard> {
    authorize(actor, 'event.read');
    const now = this.deps.now().getTime();
    const res: Resolution = range === '30d' ? 'day' : 'hour';
    const spanH = range === '24h' ? 24 : range === '7d' ? 7 * 24 : 30 * 24;
    const to = now;
    const from = bucketStart(now - (spanH - 1) * RESOLUTION_MS.hour, res);
    const sources = await this.scopeSources(actor);
    const sum = (kind: VolumeBucketTable['kind']) =>
      this.db
        .selectFrom('volume_buckets')
        .where('kind', '=', kind)
        .where('res', '=', 'hour')
        .where('bucket', '>=', from)
        .where('bucket', '<=', to);
    const rows = await this.volumeRows({ sources }, 'hour', from, to);
    const series = (field: 'count' | 'negative' | 'positive') => {
      const hourly = denseSeries(
        rows.map((r) => ({ bucket: r.bucket, count: r[field] })),
        'hour',
        from,
        to,
      );
      return res === 'hour' ? hourly : coarsen(hourly, res);
    };
    const counts = series('count');
    const negative = series('negative');
    const positive = series('positive');
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const bySource = await sum('source')
      .innerJoin('sources as s', 's.id', 'volume_buckets.key')
      .$if(sources !== null, (qb) => qb.where('s.id', 'in', sources?.length ? sources : ['']))
      .select(['s.id', 's.name', (eb) => eb.fn.sum<number>('count').as('n')])
      .groupBy(['s.id', 's.name'])
      .orderBy('n', 'desc')
      .limit(10)
      .execute();
    const prefectures = gansuPrefectures();
    const byRegion = sources
      ? []
      : await sum('region')
          .where(
            'key',
            'in',
            prefectures.map((p) => p.adcode),
          )
          .select([
            'key',
            (eb) => eb.fn.sum<number>('count').as('n'),
            (eb) => eb.fn.sum<number>('negative').as('neg'),
          ])
          .groupBy('key')
          .execute();
    const regionCounts = new Map(byRegion.map((r) => [r.key, r]));
    const hot = await this.list(actor, {
      status: 'all',
      limit: 10,
      since: new Date(from).toISOString(),
    });
    const active = await this.db
      .selectFrom('events')
      .select(['keywords', 'mention_count'])
      .where('status', '!=', 'merged')
      .where('last_seen', '>=', new Date(from).toISOString())
      .orderBy('heat', 'desc')
      .limit(200)
      .execute();
    const words = new Map<string, number>();
    for (const e of active) {
      for (const w of JSON.parse(e.keywords) as string[])
        words.set(w, (words.get(w) ?? 0) + e.mention_count);
    }
    const iso = (t: number) => new Date(t).toISOString();
    const all = total(counts.counts);
    const neg = total(negative.counts);
    const pos = total(positive.counts);
    return {
      range,
      from: iso(from),
      to: iso(to),
      volume: {
        res,
        start: iso(counts.start),
        step_ms: RESOLUTION_MS[res],
        counts: counts.counts,
        negative: negative.counts,
        positive: positive.counts,
      },
      bursts: detectBursts(counts).bursts.map((b) => ({
        ...b,
        start: iso(b.start),
        end: iso(b.end),
        peak: iso(b.peak),
      })),
      sentiment: { negative: neg, neutral: all - neg - pos, positive: pos },
      sources: bySource.map((s) => ({ id: s.id, name: s.name, count: Number(s.n) })),
      prefectures: prefectures.map((p) => ({
        adcode: p.adcode,
        name: p.name,
        count: Number(regionCounts.get(p.adcode)?.n ?? 0),
        negative: Number(regionCounts.get(p.adcode)?.neg ?? 0),
      })),
      hot_events: hot.items,
      words: [...words.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 80)
        .map(([word, weight]) => ({ word, weight })),
      alerts: null,
      incidents: null,
    };
  }

  /**
   * Volume rows between two bucket starts: of one kind and key, or of all mentions, which for a
   * city bureau (sources given) are its own sources' counts summed. Both ends are bucket starts,
   * both included (the briefings read their hours through it too).
   */
  async volumeRows(
    what: { sources: string[] | null } | { kind: VolumeBucketTable['kind']; key: string },
    res: 'minute' | 'hour',
    from: number,
    to: number,
  ): Promise<{ bucket: number; count: number; negative: number; positive: number }[]> {
    const range = this.db
      .selectFrom('volume_buckets')
      .where('res', '=', res)
      .where('bucket', '>=', from)
      .where('bucket', '<=', to);
    const rows =
      'kind' in what
        ? await range
            .where('kind', '=', what.kind)
            .where('key', '=', what.key)
            .select(['bucket', 'count', 'negative', 'positive'])
            .execute()
        : what.sources
          ? await range
              .where('kind', '=', 'source')
              .where('key', 'in', what.sources.length ? what.sources : [''])
              .select([
                'bucket',
                (eb) => eb.fn.sum<number>('count').as('count'),
                (eb) => eb.fn.sum<number>('negative').as('negative'),
                (eb) => eb.fn.sum<number>('positive').as('positive'),
              ])
              .groupBy('bucket')
              .execute()
          : await range
              .where('kind', '=', 'all')
              .where('key', '=', '')
              .select(['bucket', 'count', 'negative', 'positive'])
              .execute();
    return rows.map((r) => ({
      bucket: Number(r.bucket),
      count: Number(r.count),
      negative: Number(r.negative),
      positive: Number(r.positive),
    }));
  }

  /** Hourly counts of each event over the 24 hours up to its newest mention. */
  private async hourlyTrends(
    rows: readonly EventRow[],
  ): Promise<Map<string, { start: string; counts: number[] }>> {
    const out = new Map<string, { start: string; counts: number[] }>();
    if (rows.length === 0) return out;
    const ranges = new Map(
      rows.map((r) => {
        const end = bucketStart(Date.parse(r.last_seen), 'hour');
        return [r.id, { from: end - 23 * RESOLUTION_MS.hour, to: end }] as const;
      }),
    );
    const minFrom = Math.min(...[...ranges.values()].map((r) => r.from));
    const buckets = await this.db
      .selectFrom('volume_buckets')
      .select(['key', 'bucket', 'count'])
      .where('kind', '=', 'event')
      .where('res', '=', 'hour')
      .where(
        'key',
        'in',
        rows.map((r) => r.id),
      )
      .where('bucket', '>=', minFrom)
      .execute();
    const byKey = new Map<string, { bucket: number; count: number }[]>();
    for (const b of buckets) {
      const list = byKey.get(b.key) ?? [];
      list.push({ bucket: Number(b.bucket), count: b.count });
      byKey.set(b.key, list);
    }
    for (const r of rows) {
      const range = ranges.get(r.id)!;
      const s = denseSeries(
        (byKey.get(r.id) ?? []).filter((b) => b.bucket >= range.from && b.bucket <= range.to),
        'hour',
        range.from,
        range.to,
      );
      out.set(r.id, { start: new Date(s.start).toISOString(), counts: s.counts });
    }
    return out;
  }
}

function summary(r: EventRow, trend: { start: string; counts: number[] }): EventSummary {
  return {
    id: r.id,
    title: r.title,
    keywords: JSON.parse(r.keywords) as string[],
    status: r.status,
    merged_into: r.merged_into,
    first_seen: r.first_seen,
    last_seen: r.last_seen,
    mention_count: r.mention_count,
    sentiment: { negative: r.negative_count, neutral: r.neutral_count, positive: r.positive_count },
    heat: r.heat,
    suggested_grade: r.suggested_grade,
    authority:
      r.authority_tier && r.authority_name
        ? { tier: r.authority_tier, name: r.authority_name }
        : null,
    prefectures: JSON.parse(r.prefectures) as string[],
    is_demo: r.is_demo === 1,
    trend,
  };
}
