// The suggested grade of an event ([P10]): configurable rules give major (重大) or general (一般)
// with the reasons. Every rule is listed with whether it was met, so the person who grades sees
// what the machine looked at; the machine only suggests.
import { z } from 'zod';
import { AUTHORITY_TIERS, AUTHORITY_TIER_LABELS, type AuthorityTier } from './source-authority.ts';

export const GRADES = ['major', 'general'] as const;
export type Grade = (typeof GRADES)[number];

export const gradingRulesSchema = z
  .object({
    /** Heat at or above which an event looks major. */
    majorHeat: z.number().min(0).max(100),
    /** Coverage by these authority tiers makes it look major. */
    majorAuthority: z.array(z.enum(AUTHORITY_TIERS)).max(AUTHORITY_TIERS.length),
    /** Risk categories that make it look major, with how many mentions must carry them. */
    majorRiskCategories: z.array(z.string().min(1).max(64)).max(50),
    majorRiskMinMentions: z.number().int().min(1).max(100_000),
    /** Casualties named (the risk category `casualties`) in at least this many mentions. */
    casualtiesMinMentions: z.number().int().min(1).max(100_000),
    /** Spread over at least this many of Gansu's 市州, or beyond the province. */
    majorPrefectures: z.number().int().min(1).max(14),
    majorOutsideProvince: z.boolean(),
    /** Mentions at or above which an event looks major whatever else. */
    majorVolume: z.number().int().min(1).max(100_000_000),
  })
  .strict();
export type GradingRules = z.output<typeof gradingRulesSchema>;

export const DEFAULT_GRADING_RULES: GradingRules = {
  majorHeat: 70,
  majorAuthority: ['central'],
  majorRiskCategories: ['data_falsification', 'mass_incident', 'corruption'],
  majorRiskMinMentions: 3,
  casualtiesMinMentions: 1,
  majorPrefectures: 3,
  // Off by default: naming another province (北京, 国家统计局's city) is common and says little.
  majorOutsideProvince: false,
  majorVolume: 1000,
};

export interface GradingInput {
  heat: number;
  mentions: number;
  authority: { tier: AuthorityTier; name: string } | null;
  riskCategories: Record<string, number>;
  /** Distinct 市州 adcodes of Gansu the mentions name. */
  prefectures: readonly string[];
  /** Mentions name places outside Gansu (other provinces). */
  outsideProvince: boolean;
}

export type GradingRule =
  'heat' | 'authority' | 'risk' | 'casualties' | 'prefectures' | 'outside_province' | 'volume';

export interface GradingReason {
  rule: GradingRule;
  met: boolean;
  zh: string;
  en: string;
}

export interface SuggestedGrade {
  grade: Grade;
  /** Every rule, met ones first. */
  reasons: GradingReason[];
}

export function suggestGrade(
  input: GradingInput,
  rules: GradingRules = DEFAULT_GRADING_RULES,
): SuggestedGrade {
  const reasons: GradingReason[] = [];
  const add = (rule: GradingRule, met: boolean, zh: string, en: string) =>
    reasons.push({ rule, met, zh, en });

  add(
    'heat',
    input.heat >= rules.majorHeat,
    `热度 ${input.heat}（重大阈值 ${rules.majorHeat}）`,
    `heat ${input.heat} (major at ${rules.majorHeat})`,
  );
  const tier = input.authority?.tier;
  add(
    'authority',
    tier !== undefined && rules.majorAuthority.includes(tier),
    input.authority
      ? `${AUTHORITY_TIER_LABELS[input.authority.tier].zh}报道：${input.authority.name}`
      : '无权威信源报道',
    input.authority
      ? `covered by ${AUTHORITY_TIER_LABELS[input.authority.tier].en}: ${input.authority.name}`
      : 'no listed outlet',
  );
  const risky = rules.majorRiskCategories
    .map((c) => [c, input.riskCategories[c] ?? 0] as const)
    .filter(([, n]) => n >= rules.majorRiskMinMentions);
  add(
    'risk',
    risky.length > 0,
    risky.length
      ? `敏感类别 ${risky.map(([c, n]) => `${c}×${n}`).join('、')}（≥${rules.majorRiskMinMentions} 条）`
      : `无达到 ${rules.majorRiskMinMentions} 条的重大敏感类别`,
    risky.length
      ? `sensitive categories ${risky.map(([c, n]) => `${c}×${n}`).join(', ')} (≥ ${rules.majorRiskMinMentions})`
      : `no major category in ${rules.majorRiskMinMentions} mentions or more`,
  );
  const casualties = input.riskCategories.casualties ?? 0;
  add(
    'casualties',
    casualties >= rules.casualtiesMinMentions,
    `涉及人员伤亡的信息 ${casualties} 条`,
    `${casualties} mentions name casualties`,
  );
  add(
    'prefectures',
    input.prefectures.length >= rules.majorPrefectures,
    `涉及 ${input.prefectures.length} 个市州（重大阈值 ${rules.majorPrefectures}）`,
    `${input.prefectures.length} prefectures named (major at ${rules.majorPrefectures})`,
  );
  add(
    'outside_province',
    rules.majorOutsideProvince && input.outsideProvince,
    input.outsideProvince ? '涉及省外地区' : '未涉及省外地区',
    input.outsideProvince ? 'names places outside Gansu' : 'no place outside Gansu',
  );
  add(
    'volume',
    input.mentions >= rules.majorVolume,
    `信息量 ${input.mentions}（重大阈值 ${rules.majorVolume}）`,
    `${input.mentions} mentions (major at ${rules.majorVolume})`,
  );
  reasons.sort((a, b) => Number(b.met) - Number(a.met));
  return { grade: reasons.some((r) => r.met) ? 'major' : 'general', reasons };
}
