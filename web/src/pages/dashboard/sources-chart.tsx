// The sources that brought the most mentions, as horizontal bars (largest on top); an empty
// box when there are none.
import { Empty } from 'antd';
import { useMemo } from 'react';
import { EChart } from '../../components/charts/echart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CHART_COLORS, type ChartOption } from '../../lib/echarts.ts';

const MAX_SOURCES = 10;

export function SourcesChart({
  sources,
  testId,
  height = 260,
}: {
  sources: readonly { id: string; name: string; count: number }[];
  testId: string;
  height?: number;
}) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const top = [...sources]
      .sort((a, b) => b.count - a.count)
      .slice(0, MAX_SOURCES)
      .reverse();
    return {
      color: [CHART_COLORS.total],
      grid: {
        left: 8,
        right: 40,
        top: 8,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: top.map((s) => s.name),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('dashboard.sources.count'),
          barMaxWidth: 18,
          label: { show: true, position: 'right' },
          data: top.map((s) => s.count),
        },
      ],
    };
  }, [sources, t]);
  if (sources.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <EChart
      option={option}
      height={height}
      testId={testId}
      ariaLabel={t('dashboard.sources.aria', { n: sources.length })}
    />
  );
}
