// The sentiment mix as a ring: negative red, neutral grey, positive green, with shares.
import { useMemo } from 'react';
import { EChart } from '../../components/charts/echart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CHART_COLORS, type ChartOption } from '../../lib/echarts.ts';

export interface SentimentMix {
  negative: number;
  neutral: number;
  positive: number;
}

export function SentimentChart({
  mix,
  testId,
  height = 240,
}: {
  mix: SentimentMix;
  testId: string;
  height?: number;
}) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS.negative, CHART_COLORS.neutral, CHART_COLORS.positive],
      tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['42%', '68%'],
          center: ['50%', '44%'],
          avoidLabelOverlap: true,
          label: { formatter: '{b} {d}%' },
          // A share of nothing gets no label (it would only overlap its neighbours').
          data: [
            { name: t('sentiment.negative'), value: mix.negative },
            { name: t('sentiment.neutral'), value: mix.neutral },
            { name: t('sentiment.positive'), value: mix.positive },
          ].map((d) => ({ ...d, label: { show: d.value > 0 }, labelLine: { show: d.value > 0 } })),
        },
      ],
    }),
    [mix, t],
  );
  return (
    <EChart
      option={option}
      height={height}
      testId={testId}
      ariaLabel={t('dashboard.sentiment.aria', { ...mix })}
    />
  );
}
