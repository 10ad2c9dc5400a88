// The effect of one statement on its incident's events: per event, mentions per hour from some
// hours before the statement to as many after (all as bars, negative as a line, a dashed line
// at the statement), and the two windows side by side: how many mentions, the sentiment mix
// and the mean score. The same chart helpers as the 总览 (EChart, CHART_COLORS).
import { Empty, Segmented, Space, Table, Typography } from 'antd';
import { MarkLineComponent } from 'echarts/components';
import { useCallback, useMemo, useState } from 'react';
import { EChart } from '../../components/charts/echart.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CHART_COLORS, echarts, type ChartOption } from '../../lib/echarts.ts';
import { formatCount, formatTime } from '../../lib/format.ts';
import { releasesApi, type EffectWindow, type ReleaseEffect } from './releases-api.ts';

// The statement's line on the chart (lib/echarts.ts registers what the other charts draw).
echarts.use([MarkLineComponent]);

const HOURS = [6, 24, 72] as const;
type Hours = (typeof HOURS)[number];
type EventEffect = ReleaseEffect['events'][number];

export function EffectPanel({ releaseId }: { releaseId: string }) {
  const { t } = useI18n();
  const [hours, setHours] = useState<Hours>(24);
  const load = useCallback(
    (signal: AbortSignal) => releasesApi.effect(releaseId, hours, signal),
    [releaseId, hours],
  );
  const effect = useApi(load);
  const events = effect.data?.events ?? [];
  return (
    <div data-testid="effect-panel" data-events={effect.data ? events.length : undefined}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('release.effect.window')}</Typography.Text>
        <Segmented<Hours>
          size="small"
          value={hours}
          onChange={setHours}
          options={HOURS.map((h) => ({ value: h, label: t('release.effect.hours', { n: h }) }))}
          data-testid="effect-hours"
        />
      </Space>
      {effect.error ? <LoadError error={effect.error} onRetry={effect.reload} /> : null}
      {!effect.data && !effect.error ? <Loading /> : null}
      {effect.data && !events.length ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('release.effect.noEvents')}
          data-testid="effect-empty"
        />
      ) : null}
      {effect.data ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {events.map((ev) => (
            <div key={ev.eventId} data-testid="effect-event" data-event-id={ev.eventId}>
              <Typography.Text strong>{ev.title}</Typography.Text>
              <EffectChart publishedAt={effect.data!.publishedAt} hours={hours} ev={ev} />
              <EffectWindows ev={ev} hours={effect.data!.hours} />
            </div>
          ))}
        </Space>
      ) : null}
    </div>
  );
}

function EffectChart({
  publishedAt,
  hours,
  ev,
}: {
  publishedAt: string;
  hours: number;
  ev: EventEffect;
}) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS.total, CHART_COLORS.negative],
      grid: { left: 40, right: 24, top: 36, bottom: 28 },
      legend: { top: 0, data: [t('release.effect.mentions'), t('release.effect.negative')] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('release.effect.mentions'),
          barMaxWidth: 14,
          data: ev.series.map((b) => [Date.parse(b.at), b.mentions]),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#d46b08', type: 'dashed', width: 2 },
            label: {
              formatter: t('release.effect.line', { at: formatTime(publishedAt, lang) }),
              color: '#d46b08',
            },
            data: [{ xAxis: Date.parse(publishedAt) }],
          },
        },
        {
          type: 'line',
          name: t('release.effect.negative'),
          showSymbol: false,
          smooth: true,
          data: ev.series.map((b) => [Date.parse(b.at), b.negative]),
        },
      ],
    }),
    [ev.series, publishedAt, t, lang],
  );
  return (
    <EChart
      option={option}
      height={240}
      testId="effect-chart"
      ariaLabel={t('release.effect.aria', {
        hours,
        before: ev.before.mentions,
        after: ev.after.mentions,
      })}
    />
  );
}

function EffectWindows({ ev, hours }: { ev: EventEffect; hours: number }) {
  const { t, lang } = useI18n();
  const share = (w: EffectWindow, n: number) =>
    w.mentions ? `${formatCount(n, lang)}（${Math.round((n / w.mentions) * 100)}%）` : '0';
  const rows = [
    { key: 'before', label: t('release.effect.before', { n: hours }), w: ev.before },
    { key: 'after', label: t('release.effect.after', { n: hours }), w: ev.after },
  ];
  return (
    <Table
      className="effect-windows"
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="effect-windows"
      style={{ marginTop: 8 }}
      columns={[
        { title: t('release.effect.period'), key: 'period', render: (_v, r) => r.label },
        {
          title: t('release.effect.mentions'),
          key: 'mentions',
          align: 'right',
          render: (_v, r) => (
            <span
              className="metric"
              data-testid={`effect-${r.key}-mentions`}
              data-value={r.w.mentions}
            >
              {formatCount(r.w.mentions, lang)}
            </span>
          ),
        },
        {
          title: t('sentiment.negative'),
          key: 'negative',
          align: 'right',
          render: (_v, r) => <span className="metric">{share(r.w, r.w.negative)}</span>,
        },
        {
          title: t('sentiment.neutral'),
          key: 'neutral',
          align: 'right',
          render: (_v, r) => <span className="metric">{share(r.w, r.w.neutral)}</span>,
        },
        {
          title: t('sentiment.positive'),
          key: 'positive',
          align: 'right',
          render: (_v, r) => <span className="metric">{share(r.w, r.w.positive)}</span>,
        },
        {
          title: t('release.effect.meanScore'),
          key: 'score',
          align: 'right',
          render: (_v, r) => (
            <span className="metric">
              {r.w.meanScore === null ? t('common.none') : r.w.meanScore.toFixed(2)}
            </span>
          ),
        },
      ]}
    />
  );
}
