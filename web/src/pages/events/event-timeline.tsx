// The event's timeline: the first mention, the first on each other source, bursts, the peak
// hour, people's merges and splits, the latest mention; times as the server measured them.
import { Empty, Timeline, Typography } from 'antd';
import type { EventDetail } from '../../api/event-types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';

type Entry = EventDetail['timeline'][number];

const COLORS: Record<Entry['kind'], string> = {
  first: 'blue',
  source: 'cyan',
  burst: 'red',
  peak: 'volcano',
  merge: 'purple',
  split: 'purple',
  last: 'gray',
};

export function EventTimeline({ timeline }: { timeline: EventDetail['timeline'] }) {
  const { t, lang } = useI18n();
  if (timeline.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="event-timeline"
      items={timeline.map((e, i) => ({
        key: `${e.kind}-${i}`,
        color: COLORS[e.kind],
        content: (
          <div data-testid={`timeline-${e.kind}`}>
            <Typography.Text strong>
              {t(`event.timeline.${e.kind}`, { n: e.detail })}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">{formatTime(e.at, lang)}</Typography.Text>
            {e.kind === 'first' || e.kind === 'source' || e.kind === 'last' ? (
              <div>
                <Typography.Text>{e.detail}</Typography.Text>
              </div>
            ) : e.kind === 'merge' || e.kind === 'split' ? (
              <div>
                <Typography.Text type="secondary">{e.detail}</Typography.Text>
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
