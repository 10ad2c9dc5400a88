// The volume trend: all mentions and the negative ones per hour (per day over 30 days), with
// the detected bursts shaded (markArea) and named in the tooltip.
import { useMemo } from 'react';
import type { Burst } from '../../api/event-types.ts';
import { EChart } from '../../components/charts/echart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CHART_COLORS, type ChartOption } from '../../lib/echarts.ts';

export interface VolumeSeries {
  start: string;
  step_ms: number;
  counts: readonly number[];
  negative: readonly number[];
}

export function VolumeChart({
  series,
  bursts,
  testId,
  height = 280,
}: {
  series: VolumeSeries;
  bursts: readonly Burst[];
  testId: string;
  height?: number;
}) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const t0 = Date.parse(series.start);
    const at = (i: number) => t0 + i * series.step_ms;
    return {
      color: [CHART_COLORS.total, CHART_COLORS.negative],
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, data: [t('dashboard.volume.total'), t('dashboard.volume.negative')] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: t('dashboard.volume.total'),
          showSymbol: false,
          smooth: true,
          areaStyle: { opacity: 0.08 },
          data: series.counts.map((c, i) => [at(i), c]),
          markArea: {
            silent: true,
            itemStyle: { color: CHART_COLORS.burst },
            label: { show: true, position: 'insideTop', color: '#d46b08', fontSize: 11 },
            data: bursts.map((b) => [
              { name: t('dashboard.volume.burst'), xAxis: Date.parse(b.start) },
              { xAxis: Date.parse(b.end) },
            ]),
          },
        },
        {
          type: 'line',
          name: t('dashboard.volume.negative'),
          showSymbol: false,
          smooth: true,
          data: series.negative.map((c, i) => [at(i), c]),
        },
      ],
    };
  }, [series, bursts, t]);
  return (
    <EChart
      option={option}
      height={height}
      testId={testId}
      ariaLabel={t('dashboard.volume.aria', {
        total: series.counts.reduce((a, b) => a + b, 0),
        bursts: bursts.length,
      })}
    />
  );
}
