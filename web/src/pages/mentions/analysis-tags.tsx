// The pipeline's reading of a mention as tags: sentiment (red negative, green positive, with its
// score), the places it names, its risk categories, the schemes it matches, and a "相似 N 篇"
// badge when copies of it were folded into one group.
import { Tag, Tooltip } from 'antd';
import type { MentionAnalysis, SentimentLabel } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** How many region tags a row shows before "+N". */
const MAX_REGIONS = 3;

export function sentimentColor(label: SentimentLabel): string | undefined {
  return label === 'negative' ? 'red' : label === 'positive' ? 'green' : undefined;
}

/** A polarity score (P(positive) − P(negative), in [−1, 1]) with its sign and two decimals. */
export function formatScore(score: number): string {
  const fixed = Math.abs(score).toFixed(2);
  if (fixed === '0.00') return fixed;
  return score < 0 ? `−${fixed}` : `+${fixed}`;
}

export function SentimentTag({ sentiment }: { sentiment: MentionAnalysis['sentiment'] }) {
  const { t } = useI18n();
  return (
    <Tag
      color={sentimentColor(sentiment.label)}
      data-testid="sentiment-tag"
      data-sentiment={sentiment.label}
    >
      {t(`sentiment.${sentiment.label}`)} {formatScore(sentiment.score)}
    </Tag>
  );
}

/** Risk category names in the UI language, by id (from the lexicon in force). */
export type RiskNames = ReadonlyMap<string, { name: string; nameEn: string }>;

export function riskName(names: RiskNames, id: string, lang: string): string {
  const c = names.get(id);
  if (!c) return id;
  return lang === 'en' ? c.nameEn || c.name : c.name;
}

export function AnalysisTags({
  analysis: a,
  riskNames,
}: {
  analysis: MentionAnalysis;
  riskNames: RiskNames;
}) {
  const { t, lang } = useI18n();
  const regions = [...new Map(a.regions.map((r) => [r.adcode, r])).values()];
  return (
    <span className="analysis-tags" data-testid="analysis-tags">
      <SentimentTag sentiment={a.sentiment} />
      {regions.slice(0, MAX_REGIONS).map((r) => (
        <Tag key={r.adcode} color="cyan" data-testid="region-tag" title={r.adcode}>
          {r.name}
        </Tag>
      ))}
      {regions.length > MAX_REGIONS ? (
        <Tooltip
          title={regions
            .slice(MAX_REGIONS)
            .map((r) => r.name)
            .join('、')}
        >
          <Tag color="cyan">+{regions.length - MAX_REGIONS}</Tag>
        </Tooltip>
      ) : null}
      {a.risk.categories.map((c) => (
        <Tag key={c.id} color="volcano" data-testid="risk-tag" title={c.terms.join('、')}>
          {riskName(riskNames, c.id, lang)}
        </Tag>
      ))}
      {a.schemes.map((s) => (
        <Tag key={s.id} color="geekblue" data-testid="scheme-tag">
          {s.name}
        </Tag>
      ))}
      {a.group.size > 1 ? (
        <Tag color="purple" data-testid="similar-badge" title={t('mentions.similarTitle')}>
          {t('mentions.similar', { n: a.group.size })}
        </Tag>
      ) : null}
    </span>
  );
}
