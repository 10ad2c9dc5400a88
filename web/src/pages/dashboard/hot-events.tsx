// The hot events of the range, hottest first: heat, the suggested grade, the most authoritative
// voice, how many mentions, a 24-hour sparkline; each title opens the event page.
import { Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { EventSummary } from '../../api/event-types.ts';
import { Sparkline } from '../../components/charts/sparkline.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatCount, formatTime } from '../../lib/format.ts';
import { AuthorityTag, GradeTag } from '../events/event-tags.tsx';

const MAX_KEYWORDS = 4;

export function heatColor(heat: number): string {
  return heat >= 60 ? '#cf1322' : heat >= 30 ? '#d46b08' : '#1f4e9a';
}

export function HotEvents({ events }: { events: readonly EventSummary[] }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<EventSummary> = [
    {
      title: '#',
      key: 'rank',
      width: 40,
      render: (_v, _e, i) => <span className="metric">{i + 1}</span>,
    },
    {
      title: t('dashboard.hot.event'),
      key: 'title',
      render: (_v, e) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/events/${encodeURIComponent(e.id)}`} data-testid="hot-event-title">
            {e.title}
          </Link>
          <Space size={[4, 2]} wrap>
            {e.keywords.slice(0, MAX_KEYWORDS).map((k) => (
              <Tag key={k} className="keyword-tag">
                {k}
              </Tag>
            ))}
            {e.is_demo ? <Tag color="orange">{t('mentions.demo')}</Tag> : null}
          </Space>
        </Space>
      ),
    },
    {
      title: t('dashboard.hot.heat'),
      key: 'heat',
      width: 64,
      align: 'right',
      render: (_v, e) => (
        <Typography.Text
          strong
          style={{ color: heatColor(e.heat) }}
          className="metric"
          data-testid="hot-event-heat"
        >
          {e.heat.toFixed(1)}
        </Typography.Text>
      ),
    },
    {
      title: t('dashboard.hot.grade'),
      key: 'grade',
      width: 150,
      render: (_v, e) => (
        <Space size={[0, 4]} wrap>
          <GradeTag grade={e.suggested_grade} />
          <AuthorityTag authority={e.authority} />
        </Space>
      ),
    },
    {
      title: t('dashboard.hot.mentions'),
      key: 'mentions',
      width: 64,
      align: 'right',
      render: (_v, e) => (
        <span className="metric" data-testid="hot-event-count">
          {formatCount(e.mention_count, lang)}
        </span>
      ),
    },
    {
      title: t('dashboard.hot.trend'),
      key: 'trend',
      width: 110,
      render: (_v, e) => (
        <Sparkline
          counts={e.trend.counts}
          label={t('dashboard.hot.trendLabel', {
            n: e.trend.counts.reduce((a, b) => a + b, 0),
          })}
        />
      ),
    },
    {
      title: t('dashboard.hot.lastSeen'),
      key: 'last',
      width: 150,
      render: (_v, e) => (
        <Typography.Text type="secondary" className="nowrap">
          {formatTime(e.last_seen, lang)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<EventSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...events]}
      pagination={false}
      scroll={{ x: 720 }}
      locale={{
        emptyText: (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.hot.empty')} />
        ),
      }}
      data-testid="hot-events-table"
    />
  );
}
