// An event's volume over time at a chosen resolution (minute, hour, day), from the trends API,
// over the window the event lived in (bounded by what the server serves per request).
import { Segmented, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { EventSummary, TrendRes } from '../../api/event-types.ts';
import { eventsApi } from '../../api/events.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { VolumeChart } from '../dashboard/volume-chart.tsx';

const STEP: Record<TrendRes, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** Within the server's limit of buckets per request (3 days of minutes, 90 of hours). */
const MAX_SPAN: Record<TrendRes, number> = {
  minute: 2 * 86_400_000,
  hour: 60 * 86_400_000,
  day: 730 * 86_400_000,
};
/** At least this much is shown, so a young event is not one lonely point. */
const MIN_SPAN: Record<TrendRes, number> = {
  minute: 2 * 3_600_000,
  hour: 24 * 3_600_000,
  day: 14 * 86_400_000,
};

/** The window of an event's chart: its life with a margin, at most what one request may ask. */
export function trendWindow(
  e: Pick<EventSummary, 'first_seen' | 'last_seen'>,
  res: TrendRes,
  now: number,
): { from: string; to: string } {
  const first = Date.parse(e.first_seen);
  const last = Date.parse(e.last_seen);
  const to = Math.max(last, Math.min(now, last + 2 * STEP[res]));
  const from = Math.max(to - MAX_SPAN[res], Math.min(first - 2 * STEP[res], to - MIN_SPAN[res]));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export function EventTrend({
  event,
  version,
}: {
  event: Pick<EventSummary, 'id' | 'first_seen' | 'last_seen'>;
  /** Bumped when the event changed (merge, split), to fetch the trend again. */
  version: number;
}) {
  const { t } = useI18n();
  const [res, setRes] = useState<TrendRes>('hour');
  const { id, first_seen, last_seen } = event;
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      const w = trendWindow({ first_seen, last_seen }, res, Date.now());
      return eventsApi.trend({ kind: 'event', key: id, res, ...w }, signal);
    },
    [id, first_seen, last_seen, res, version],
  );
  const trend = useApi(load);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented<TrendRes>
        size="small"
        value={res}
        onChange={setRes}
        options={(['minute', 'hour', 'day'] as const).map((r) => ({
          value: r,
          label: t(`event.trend.${r}`),
        }))}
        data-testid="event-trend-res"
      />
      {trend.error ? <LoadError error={trend.error} onRetry={trend.reload} /> : null}
      {trend.data ? (
        <>
          <VolumeChart
            series={trend.data}
            bursts={trend.data.bursts}
            testId="event-trend-chart"
            height={260}
          />
          <Typography.Text type="secondary" className="chart-note">
            {trend.data.bursts.length
              ? t('dashboard.volume.bursts', { n: trend.data.bursts.length })
              : t('dashboard.volume.noBursts')}
          </Typography.Text>
        </>
      ) : trend.loading ? (
        <Loading />
      ) : null}
    </Space>
  );
}
