// 发布效果 on the event page: for each official statement of an incident this event belongs to,
// the event's mentions per hour from some hours before to as many after (all and negative, a
// line at the statement), and the two windows side by side: how many mentions, the sentiment
// mix (negative, neutral, positive) and the mean sentiment score. Nothing is shown for an event
// no statement concerns.
import { Card, Col, Descriptions, Segmented, Space, Table, Tag, Typography } from 'antd';
import { MarkLineComponent } from 'echarts/components';
import { useCallback, useMemo, useState } from 'react';
import type { EffectWindow, ReleaseEffect } from '../../../../src/services/release.service.ts';
import { request } from '../../api/client.ts';
import { EChart } from '../../components/charts/echart.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { echarts, CHART_COLORS, type ChartOption } from '../../lib/echarts.ts';
import { formatCount, formatTime } from '../../lib/format.ts';

// The statement's line on the chart (lib/echarts.ts registers what the other charts draw).
echarts.use([MarkLineComponent]);

const HOURS = [6, 24, 72] as const;
type Hours = (typeof HOURS)[number];

const releaseEffect = (eventId: string, hours: number, signal: AbortSignal) =>
  request<{ items: ReleaseEffect[] }>(
    'GET',
    `/events/${encodeURIComponent(eventId)}/release-effect`,
    { query: { hours }, signal },
  );

/** The effect card in the event page's grid, or nothing when no statement concerns the event. */
export function ReleaseEffectCard({ eventId, version }: { eventId: string; version: number }) {
  const { t } = useI18n();
  const [hours, setHours] = useState<Hours>(24);
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return releaseEffect(eventId, hours, signal);
    },
    [eventId, hours, version],
  );
  const effect = useApi(load);
  const items = effect.data?.items ?? [];
  if (!effect.error && items.length === 0) return null;
  return (
    <Col xs={24}>
      <Card
        size="small"
        title={t('event.effect.title')}
        extra={
          <Segmented<Hours>
            size="small"
            value={hours}
            onChange={setHours}
            options={HOURS.map((h) => ({ value: h, label: t('event.effect.hours', { n: h }) }))}
            data-testid="release-effect-hours"
          />
        }
        data-testid="release-effect"
        data-count={items.length}
      >
        {effect.error ? <LoadError error={effect.error} onRetry={effect.reload} /> : null}
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {items.map((item) => (
            <StatementEffect key={item.releaseId} effect={item} eventId={eventId} />
          ))}
        </Space>
      </Card>
    </Col>
  );
}

function StatementEffect({ effect, eventId }: { effect: ReleaseEffect; eventId: string }) {
  const { t, lang } = useI18n();
  const ev = effect.events.find((e) => e.eventId === eventId) ?? effect.events[0];
  return (
    <div data-testid="release-effect-item" data-release-id={effect.releaseId}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color="blue">{t('event.effect.statement')}</Tag>
        <Typography.Text strong>
          {t('event.effect.publishedAt', { at: formatTime(effect.publishedAt, lang) })}
        </Typography.Text>
        <a
          href={`/releases/${encodeURIComponent(effect.releaseId)}`}
          target="_blank"
          rel="noreferrer"
          data-testid="release-effect-link"
        >
          {t('event.effect.open')}
        </a>
      </Space>
      {ev ? (
        <>
          <EffectChart effect={effect} series={ev.series} />
          <EffectTable before={ev.before} after={ev.after} hours={effect.hours} />
        </>
      ) : (
        <Typography.Text type="secondary">{t('event.effect.noData')}</Typography.Text>
      )}
    </div>
  );
}

function EffectChart({
  effect,
  series,
}: {
  effect: ReleaseEffect;
  series: ReleaseEffect['events'][number]['series'];
}) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const at = Date.parse(effect.publishedAt);
    return {
      color: [CHART_COLORS.total, CHART_COLORS.negative],
      grid: { left: 40, right: 24, top: 56, bottom: 28 },
      legend: { top: 0, data: [t('event.effect.mentions'), t('event.effect.negative')] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('event.effect.mentions'),
          barMaxWidth: 14,
          data: series.map((b) => [Date.parse(b.at), b.mentions]),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#d46b08', type: 'dashed', width: 2 },
            label: {
              formatter: t('event.effect.line', { at: formatTime(effect.publishedAt, lang) }),
              color: '#d46b08',
            },
            data: [{ xAxis: at }],
          },
        },
        {
          type: 'line',
          name: t('event.effect.negative'),
          showSymbol: false,
          data: series.map((b) => [Date.parse(b.at), b.negative]),
        },
      ],
    };
  }, [effect.publishedAt, series, t, lang]);
  return (
    <EChart
      option={option}
      height={240}
      testId="release-effect-chart"
      ariaLabel={t('event.effect.aria', {
        hours: effect.hours,
        total: series.reduce((n, b) => n + b.mentions, 0),
      })}
    />
  );
}

function EffectTable({
  before,
  after,
  hours,
}: {
  before: EffectWindow;
  after: EffectWindow;
  hours: number;
}) {
  const { t, lang } = useI18n();
  const change = after.mentions - before.mentions;
  const score = (s: number | null) => (s === null ? t('common.none') : s.toFixed(2));
  const rows = [
    { key: 'before', label: t('event.effect.before', { n: hours }), w: before },
    { key: 'after', label: t('event.effect.after', { n: hours }), w: after },
  ];
  return (
    <>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="release-effect-table"
        style={{ marginTop: 8 }}
        columns={[
          { title: t('event.effect.window'), key: 'window', render: (_v, r) => r.label },
          {
            title: t('event.effect.mentions'),
            key: 'mentions',
            align: 'right',
            render: (_v, r) => (
              <span
                className="metric"
                data-testid={`release-effect-${r.key}-mentions`}
                data-value={r.w.mentions}
              >
                {formatCount(r.w.mentions, lang)}
              </span>
            ),
          },
          {
            title: t('event.effect.negative'),
            key: 'negative',
            align: 'right',
            render: (_v, r) => (
              <span className="metric" data-testid={`release-effect-${r.key}-negative`}>
                {formatCount(r.w.negative, lang)}
              </span>
            ),
          },
          {
            title: t('event.effect.neutral'),
            key: 'neutral',
            align: 'right',
            render: (_v, r) => <span className="metric">{formatCount(r.w.neutral, lang)}</span>,
          },
          {
            title: t('event.effect.positive'),
            key: 'positive',
            align: 'right',
            render: (_v, r) => <span className="metric">{formatCount(r.w.positive, lang)}</span>,
          },
          {
            title: t('event.effect.meanScore'),
            key: 'score',
            align: 'right',
            render: (_v, r) => (
              <span className="metric" data-testid={`release-effect-${r.key}-score`}>
                {score(r.w.meanScore)}
              </span>
            ),
          },
        ]}
      />
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'change',
            label: t('event.effect.change'),
            children: (
              <span data-testid="release-effect-change" data-value={change}>
                {change === 0
                  ? t('event.effect.same')
                  : change > 0
                    ? t('event.effect.more', { n: formatCount(change, lang) })
                    : t('event.effect.fewer', { n: formatCount(-change, lang) })}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
