// The running figures of an event, folded mention by mention: what the heat index and the
// suggested grade read. One fold serves ingest (add the new mentions to the stored figures) and
// a recount after a merge or split (fold all of the event's mentions from empty).
import type { EventFigures } from './heat.ts';
import type { GradingInput } from './grading.ts';
import { higherTier, type AuthorityTier } from './source-authority.ts';

export const GANSU = '620000';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** What one mention brings to its event. */
export interface MentionFacts {
  /** ms since epoch: published, else collected. */
  time: number;
  sentiment: SentimentLabel;
  /** Reposts + comments + likes as published. */
  interactions: number;
  /** The author's follower count as published (0 when unknown). */
  followers: number;
  authority: { tier: AuthorityTier; name: string } | null;
  risk: number;
  riskCategories: readonly string[];
  regions: readonly { adcode: string; level: string; path: readonly string[] }[];
}

export interface EventAggregate {
  first: number;
  last: number;
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  interactions: number;
  maxFollowers: number;
  authority: { tier: AuthorityTier; name: string } | null;
  maxRisk: number;
  riskCategories: Record<string, number>;
  /** Gansu's 市州 named (adcodes, sorted). */
  prefectures: string[];
  outsideProvince: boolean;
}

export function emptyAggregate(): EventAggregate {
  return {
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    mentions: 0,
    negative: 0,
    neutral: 0,
    positive: 0,
    interactions: 0,
    maxFollowers: 0,
    authority: null,
    maxRisk: 0,
    riskCategories: {},
    prefectures: [],
    outsideProvince: false,
  };
}

/** Adds one mention to the figures (in place) and returns them. */
export function addMention(agg: EventAggregate, m: MentionFacts): EventAggregate {
  agg.first = Math.min(agg.first, m.time);
  agg.last = Math.max(agg.last, m.time);
  agg.mentions++;
  agg[m.sentiment]++;
  agg.interactions += Math.max(0, m.interactions);
  agg.maxFollowers = Math.max(agg.maxFollowers, m.followers);
  if (m.authority && higherTier(agg.authority?.tier, m.authority.tier) !== agg.authority?.tier) {
    agg.authority = m.authority;
  }
  agg.maxRisk = Math.max(agg.maxRisk, m.risk);
  for (const c of m.riskCategories) agg.riskCategories[c] = (agg.riskCategories[c] ?? 0) + 1;
  const prefectures = new Set(agg.prefectures);
  for (const r of m.regions) {
    const province = r.level === 'province' ? r.adcode : r.path[0];
    if (province !== undefined && province !== GANSU) agg.outsideProvince = true;
    if (province !== GANSU) continue;
    const prefecture =
      r.level === 'prefecture' ? r.adcode : r.level === 'county' ? r.path[1] : undefined;
    if (prefecture) prefectures.add(prefecture);
  }
  agg.prefectures = [...prefectures].sort();
  return agg;
}

/** The heat index's view of the figures; lastHour is counted apart (from the volume buckets). */
export function heatFigures(agg: EventAggregate, lastHour: number): EventFigures {
  return {
    mentions: agg.mentions,
    lastHour,
    interactions: agg.interactions,
    maxFollowers: agg.maxFollowers,
    authority: agg.authority,
    negative: agg.negative,
    maxRisk: agg.maxRisk,
    riskCategories: agg.riskCategories,
  };
}

export function gradingInput(agg: EventAggregate, heat: number): GradingInput {
  return {
    heat,
    mentions: agg.mentions,
    authority: agg.authority,
    riskCategories: agg.riskCategories,
    prefectures: agg.prefectures,
    outsideProvince: agg.outsideProvince,
  };
}
