// The heat index (热度) of an event: 0-100 from six factors, each scaled to 0..1 on a curve a
// person can read, times a configurable weight. Every score carries its factors, so a number on
// the dashboard always answers "why this hot?".
import { z } from 'zod';
import {
  AUTHORITY_TIER_LABELS,
  AUTHORITY_TIER_WEIGHT,
  type AuthorityTier,
} from './source-authority.ts';

export const HEAT_FACTORS = [
  'volume',
  'velocity',
  'reach',
  'authority',
  'negativity',
  'risk',
] as const;
export type HeatFactorKey = (typeof HEAT_FACTORS)[number];

export const HEAT_FACTOR_LABELS: Record<HeatFactorKey, { zh: string; en: string }> = {
  volume: { zh: '声量', en: 'volume' },
  velocity: { zh: '增速', en: 'velocity' },
  reach: { zh: '传播力', en: 'reach' },
  authority: { zh: '信源权威', en: 'source authority' },
  negativity: { zh: '负面倾向', en: 'negativity' },
  risk: { zh: '风险词', en: 'risk terms' },
};

const weight = z.number().min(0).max(100);

/** Weights (points) of the factors and where each one saturates. */
export const heatConfigSchema = z
  .object({
    weights: z
      .object({
        volume: weight,
        velocity: weight,
        reach: weight,
        authority: weight,
        negativity: weight,
        risk: weight,
      })
      .strict()
      .refine((w) => Object.values(w).reduce((a, b) => a + b, 0) > 0, 'at least one weight > 0'),
    /** Mentions at which volume counts in full. */
    volumeFull: z.number().int().min(1).max(10_000_000),
    /** Mentions in the last hour at which velocity counts in full. */
    velocityFull: z.number().int().min(1).max(1_000_000),
    /** Interactions (reposts + comments + likes, plus followers / 100) at which reach counts in full. */
    reachFull: z.number().int().min(1).max(1_000_000_000),
    /** Mentions below which the negative share is damped (a single negative post is not a trend). */
    negativityMinMentions: z.number().int().min(1).max(1000),
  })
  .strict();
export type HeatConfig = z.output<typeof heatConfigSchema>;

export const DEFAULT_HEAT_CONFIG: HeatConfig = {
  weights: { volume: 20, velocity: 20, reach: 15, authority: 15, negativity: 15, risk: 15 },
  volumeFull: 2000,
  velocityFull: 200,
  reachFull: 1_000_000,
  negativityMinMentions: 5,
};

/** What the heat index reads about one event at one moment. */
export interface EventFigures {
  mentions: number;
  /** Mentions in the hour before now. */
  lastHour: number;
  /** Reposts + comments + likes as published, summed over the mentions. */
  interactions: number;
  /** The largest follower count of an author as published (0 when unknown). */
  maxFollowers: number;
  /** The highest authority among the sources and accounts that published, and its name. */
  authority: { tier: AuthorityTier; name: string } | null;
  negative: number;
  /** The highest risk score of a mention (0..1) and the categories seen, with mention counts. */
  maxRisk: number;
  riskCategories: Record<string, number>;
}

export interface HeatFactor {
  key: HeatFactorKey;
  /** The factor on its 0..1 scale. */
  value: number;
  weight: number;
  /** value × weight, what it adds to the score. */
  points: number;
  /** What was measured, in words (Chinese, then English). */
  zh: string;
  en: string;
}

export interface Heat {
  score: number;
  factors: HeatFactor[];
}

/** log(1+x) / log(1+full), capped at 1: the first posts count most, a flood saturates. */
export function saturate(x: number, full: number): number {
  if (!(x > 0)) return 0;
  return Math.min(1, Math.log1p(x) / Math.log1p(full));
}

export function heatOf(f: EventFigures, config: HeatConfig = DEFAULT_HEAT_CONFIG): Heat {
  const w = config.weights;
  const total = HEAT_FACTORS.reduce((a, k) => a + w[k], 0);
  const reachRaw = f.interactions + f.maxFollowers / 100;
  const negShare = f.mentions > 0 ? f.negative / f.mentions : 0;
  const damp = Math.min(1, f.mentions / config.negativityMinMentions);
  const risks = Object.entries(f.riskCategories)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, n]) => `${id}×${n}`);
  const raw: Record<HeatFactorKey, { value: number; zh: string; en: string }> = {
    volume: {
      value: saturate(f.mentions, config.volumeFull),
      zh: `共 ${f.mentions} 条信息`,
      en: `${f.mentions} mentions`,
    },
    velocity: {
      value: saturate(f.lastHour, config.velocityFull),
      zh: `近 1 小时 ${f.lastHour} 条`,
      en: `${f.lastHour} in the last hour`,
    },
    reach: {
      value: saturate(reachRaw, config.reachFull),
      zh: `转评赞 ${f.interactions}，最大粉丝数 ${f.maxFollowers}`,
      en: `${f.interactions} reposts, comments and likes; largest audience ${f.maxFollowers}`,
    },
    authority: {
      value: f.authority ? AUTHORITY_TIER_WEIGHT[f.authority.tier] : 0,
      zh: f.authority
        ? `${AUTHORITY_TIER_LABELS[f.authority.tier].zh}：${f.authority.name}`
        : '无权威信源',
      en: f.authority
        ? `${AUTHORITY_TIER_LABELS[f.authority.tier].en}: ${f.authority.name}`
        : 'no listed outlet',
    },
    negativity: {
      value: negShare * damp,
      zh: `负面 ${f.negative}/${f.mentions}`,
      en: `${f.negative} of ${f.mentions} negative`,
    },
    risk: {
      value: Math.max(0, Math.min(1, f.maxRisk)),
      zh: risks.length ? `风险类别 ${risks.join('、')}` : '无风险词',
      en: risks.length ? `risk categories ${risks.join(', ')}` : 'no risk terms',
    },
  };
  const factors = HEAT_FACTORS.map((key): HeatFactor => {
    const weightPts = total > 0 ? (w[key] * 100) / total : 0;
    const r = raw[key];
    return {
      key,
      value: round3(r.value),
      weight: round3(weightPts),
      points: round3(r.value * weightPts),
      zh: r.zh,
      en: r.en,
    };
  });
  const score = Math.round(
    Math.max(
      0,
      Math.min(
        100,
        factors.reduce((a, x) => a + x.value * x.weight, 0),
      ),
    ),
  );
  return { score, factors };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
