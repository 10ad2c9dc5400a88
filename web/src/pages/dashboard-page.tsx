// 总览 (/): the range's volume trend with its bursts, the sentiment mix, the top sources, the hot
// events ranked by heat (each with its grade, authority and a sparkline), the words of the
// active events, the Gansu map, and cards for alerts and incident clocks (处置时钟: the incidents
// in progress, their next clocks and the first statement's countdown). New mentions arrive over
// SSE and the page reloads itself, debounced.
import { Badge, Card, Col, Empty, Row, Segmented, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import type { Dashboard, DashboardRange } from '../api/event-types.ts';
import { eventsApi } from '../api/events.ts';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useLiveMentions, type LiveStatus } from '../hooks/use-live.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCount, formatTime } from '../lib/format.ts';
import { GansuMap } from './dashboard/gansu-map.tsx';
import { HotEvents } from './dashboard/hot-events.tsx';
import { IncidentClocksCard } from './dashboard/incident-clocks-card.tsx';
import { AlertsCard } from './dashboard/pending-cards.tsx';
import { SentimentChart } from './dashboard/sentiment-chart.tsx';
import { SourcesChart } from './dashboard/sources-chart.tsx';
import { VolumeChart } from './dashboard/volume-chart.tsx';
import { WordCloud } from './dashboard/word-cloud.tsx';
import './dashboard/dashboard.css';

const RANGES: readonly DashboardRange[] = ['24h', '7d', '30d'];

export function DashboardPage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<DashboardRange>('24h');
  const load = useCallback((signal: AbortSignal) => eventsApi.dashboard(range, signal), [range]);
  const dash = useApi(load);
  const live = useLiveMentions(dash.reload);
  const d = dash.data;

  return (
    <div className="dashboard" data-testid="dashboard-page">
      <Card size="small" className="dashboard-bar">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Segmented<DashboardRange>
              value={range}
              onChange={setRange}
              options={RANGES.map((r) => ({ value: r, label: t(`dashboard.range.${r}`) }))}
              data-testid="dashboard-range"
            />
            {d ? (
              <Typography.Text type="secondary">
                {t('dashboard.window', {
                  from: formatTime(d.from, lang),
                  to: formatTime(d.to, lang),
                })}
              </Typography.Text>
            ) : null}
          </Space>
          <LiveBadge status={live} />
        </Space>
      </Card>
      {dash.error ? <LoadError error={dash.error} onRetry={dash.reload} /> : null}
      {!d ? dash.loading ? <Loading /> : null : <DashboardBody d={d} />}
    </div>
  );
}

function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  const badge =
    status === 'open' ? 'processing' : status === 'connecting' ? 'default' : ('warning' as const);
  return (
    <span data-testid="live-status" data-status={status} title={t('dashboard.live.hint')}>
      <Badge status={badge} text={t(`dashboard.live.${status}`)} />
    </span>
  );
}

function DashboardBody({ d }: { d: Dashboard }) {
  const { t, lang } = useI18n();
  const total = d.volume.counts.reduce((a, b) => a + b, 0);
  const negative = d.sentiment.negative;
  const named = d.prefectures.filter((p) => p.count > 0).length;
  const empty = total === 0 && d.hot_events.length === 0;
  const share = total > 0 ? Math.round((negative / total) * 1000) / 10 : 0;

  const figures = (
    <Row gutter={[16, 16]} className="dashboard-figures">
      <Col xs={12} md={6}>
        <Figure
          label={t('dashboard.fig.total')}
          value={formatCount(total, lang)}
          testId="fig-total"
        />
      </Col>
      <Col xs={12} md={6}>
        <Figure
          label={t('dashboard.fig.negative')}
          value={`${formatCount(negative, lang)}`}
          note={total > 0 ? t('dashboard.fig.share', { p: share }) : undefined}
          danger={negative > 0}
          testId="fig-negative"
        />
      </Col>
      <Col xs={12} md={6}>
        <Figure
          label={t('dashboard.fig.events')}
          value={formatCount(d.hot_events.length, lang)}
          testId="fig-events"
        />
      </Col>
      <Col xs={12} md={6}>
        <Figure
          label={t('dashboard.fig.prefectures')}
          value={`${named} / ${d.prefectures.length}`}
          testId="fig-prefectures"
        />
      </Col>
    </Row>
  );

  // Totals as text for assistive technology and tests: what the charts draw, in numbers.
  const totals = (
    <span
      className="visually-hidden"
      data-testid="dashboard-totals"
      data-total={total}
      data-negative={negative}
      data-events={d.hot_events.length}
    >
      {t('dashboard.totals', { total, negative, events: d.hot_events.length })}
    </span>
  );

  const pending = (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <AlertsCard alerts={d.alerts} />
      </Col>
      <Col xs={24} md={12}>
        <IncidentClocksCard />
      </Col>
    </Row>
  );

  if (empty) {
    return (
      <>
        {totals}
        <Card data-testid="dashboard-empty">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text strong>{t('dashboard.empty.title')}</Typography.Text>}
          >
            <Typography.Paragraph type="secondary">
              {t('dashboard.empty.body')}
            </Typography.Paragraph>
            <Link to="/mentions?tab=sources">{t('dashboard.empty.sources')}</Link>
          </Empty>
        </Card>
        {pending}
      </>
    );
  }

  return (
    <>
      {totals}
      {figures}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('dashboard.volume.title')}>
            <VolumeChart series={d.volume} bursts={d.bursts} testId="volume-chart" />
            <Typography.Text type="secondary" className="chart-note" data-testid="burst-note">
              {d.bursts.length
                ? t('dashboard.volume.bursts', { n: d.bursts.length })
                : t('dashboard.volume.noBursts')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('dashboard.sentiment.title')}>
            <SentimentChart mix={d.sentiment} testId="sentiment-chart" height={300} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={t('dashboard.hot.title')}
            extra={<Typography.Text type="secondary">{t('dashboard.hot.hint')}</Typography.Text>}
          >
            <HotEvents events={d.hot_events} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('dashboard.map.title')} style={{ height: '100%' }}>
            <GansuMap prefectures={d.prefectures} />
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={7}>
          <Card size="small" title={t('dashboard.sources.title')} style={{ height: '100%' }}>
            <SourcesChart sources={d.sources} testId="sources-chart" height={400} />
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={7}>
          <Card size="small" title={t('dashboard.words.heading')} style={{ height: '100%' }}>
            <WordCloud words={d.words} />
          </Card>
        </Col>
      </Row>
      {pending}
    </>
  );
}

function Figure({
  label,
  value,
  note,
  danger,
  testId,
}: {
  label: string;
  value: string;
  note?: string | undefined;
  danger?: boolean;
  testId: string;
}) {
  return (
    <Card size="small" className="figure-card">
      <div className="figure-label">{label}</div>
      <div className={danger ? 'figure-value figure-danger' : 'figure-value'} data-testid={testId}>
        {value}
      </div>
      {note ? <div className="figure-note">{note}</div> : null}
    </Card>
  );
}
