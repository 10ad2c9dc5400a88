// The table of alerts shared by the 预警 and 覆盖检查 tabs: severity, status, title (opens the
// alert) with its kind, figures and coverage reasons, when it fired, the acknowledgement
// deadline ticking down (or how late it is), and who has been told up to the current step.
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { AlertView } from '../../api/alerts.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatCount, formatTime } from '../../lib/format.ts';
import {
  CoverageTags,
  Deadline,
  KindTag,
  roleLabel,
  SeverityTag,
  StatusTag,
  useNow,
} from './alert-tags.tsx';

export function AlertTable({
  items,
  loading,
  loaded,
  onOpen,
  emptyText,
  showCoverage = false,
  testId,
}: {
  items: readonly AlertView[];
  loading: boolean;
  /** Whether an answer came (an empty table before it says nothing). */
  loaded: boolean;
  onOpen: (id: string) => void;
  emptyText: string;
  /** Show the coverage check's reasons under the title. */
  showCoverage?: boolean;
  testId: string;
}) {
  const { t, lang } = useI18n();
  const now = useNow();

  const columns: TableColumnsType<AlertView> = [
    {
      title: t('alerts.col.severity'),
      key: 'severity',
      width: 76,
      render: (_v, a) => <SeverityTag severity={a.severity} />,
    },
    {
      title: t('alerts.col.status'),
      key: 'status',
      width: 96,
      render: (_v, a) => <StatusTag status={a.status} />,
    },
    {
      title: t('alerts.col.title'),
      key: 'title',
      render: (_v, a) => (
        <Space orientation="vertical" size={2} className="alert-title-cell">
          <Button
            type="link"
            className="alert-title-link"
            onClick={() => onOpen(a.id)}
            data-testid="alert-open"
          >
            {a.title}
          </Button>
          <Space size={4} wrap>
            <KindTag kind={a.kind} />
            {a.kind === 'event' ? (
              <Typography.Text type="secondary" data-testid="alert-mentions">
                {t('alerts.mentions', { n: formatCount(a.mention_count, lang) })}
              </Typography.Text>
            ) : null}
            {a.looked_major && a.severity !== 'major' ? (
              <Tag color="red" variant="filled">
                {t('alerts.lookedMajor')}
              </Tag>
            ) : null}
            {a.is_demo ? <Tag color="orange">{t('mentions.demo')}</Tag> : null}
            {showCoverage ? <CoverageTags reasons={a.coverage_reasons} /> : null}
          </Space>
        </Space>
      ),
    },
    {
      title: t('alerts.col.fired'),
      key: 'fired',
      width: 160,
      render: (_v, a) => formatTime(a.fired_at, lang),
    },
    {
      title: t('alerts.col.deadline'),
      key: 'deadline',
      width: 210,
      render: (_v, a) => <Deadline alert={a} now={now} />,
    },
    {
      title: t('alerts.col.notified'),
      key: 'notified',
      width: 200,
      render: (_v, a) => (
        <Space orientation="vertical" size={0}>
          {a.escalation_role ? (
            <Typography.Text type="secondary" className="alert-step">
              {t('alerts.stepOf', { role: roleLabel(t, a.escalation_role) })}
            </Typography.Text>
          ) : null}
          <Typography.Text data-testid="alert-notified">
            {a.notified.length ? a.notified.join('、') : t('alerts.nobody')}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Table<AlertView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...items]}
      loading={loading}
      pagination={false}
      scroll={{ x: 960 }}
      rowClassName={(a) =>
        a.status === 'open' && Date.parse(a.ack_due_at) < now ? 'alert-row-overdue' : ''
      }
      locale={{
        emptyText: loaded ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
        ) : (
          ' '
        ),
      }}
      data-testid={testId}
    />
  );
}
