// Commendation and accountability proposals as a table: every version the reader may read, with
// its status, the group's decision and its seal, and the content hash it was sealed with; a
// version whose hashes no longer match (edited outside Yuqing) is marked. The signer decides
// from here; the office submits the next version of a returned or pending one.
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ProposalStatus, ProposalView } from '../../api/performance.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';

const STATUS_COLOR: Record<ProposalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  superseded: 'default',
};

export function ProposalsTable({
  items,
  loading,
  canRevise,
  onDecide,
  onRevise,
  testId = 'proposals-table',
}: {
  items: readonly ProposalView[];
  loading?: boolean;
  /** The office: offer the next version of the latest pending or returned version. */
  canRevise: boolean;
  onDecide: (p: ProposalView) => void;
  onRevise: (p: ProposalView) => void;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const latest = new Map<string, number>();
  for (const p of items)
    latest.set(p.documentId, Math.max(latest.get(p.documentId) ?? 0, p.version));

  const columns: TableColumnsType<ProposalView> = [
    {
      title: t('performance.person'),
      key: 'person',
      width: 110,
      render: (_v, p) => <span data-testid="proposal-person-name">{p.personName}</span>,
    },
    {
      title: t('performance.proposal.kind'),
      key: 'kind',
      width: 110,
      render: (_v, p) => (
        <Tag
          color={p.kind === 'commendation' ? 'green' : 'volcano'}
          data-testid="proposal-kind-tag"
        >
          {t(`performance.kind.${p.kind}`)}
        </Tag>
      ),
    },
    {
      title: t('approval.versionTitle'),
      key: 'version',
      width: 80,
      render: (_v, p) => t('approval.version', { n: p.version }),
    },
    {
      title: t('performance.proposal.status'),
      key: 'status',
      width: 140,
      render: (_v, p) => (
        <Space size={4}>
          <Tag color={STATUS_COLOR[p.status]} data-testid="proposal-status" data-status={p.status}>
            {t(`performance.status.${p.status}`)}
          </Tag>
          {p.problems.length ? (
            <Tooltip title={p.problems.join('; ')}>
              <Tag color="red" icon={<ExclamationCircleOutlined />} data-testid="proposal-tampered">
                {t('performance.proposal.tampered')}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('performance.proposal.incident'),
      key: 'incident',
      render: (_v, p) => p.incidentTitle ?? t('performance.proposal.noIncident'),
    },
    {
      title: t('performance.proposal.reasons'),
      key: 'reasons',
      render: (_v, p) => (
        <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
          {p.reasons}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('performance.proposal.decision'),
      key: 'decision',
      render: (_v, p) =>
        p.decision ? (
          <span data-testid="proposal-decision">
            {t(`approval.decision.${p.decision.decision}`)} ·{' '}
            {t('approval.decidedBy', {
              name: p.decidedByName ?? p.decision.decidedBy,
              at: formatTime(p.decision.decidedAt, lang),
            })}
            {p.decision.comment ? `：${p.decision.comment}` : ''}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('approval.contentHash'),
      key: 'hash',
      width: 120,
      render: (_v, p) => (
        <Tooltip title={p.contentHash}>
          <Typography.Text code data-testid="proposal-hash">
            {p.contentHash.slice(0, 10)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 120,
      render: (_v, p) => (
        <Space size={4}>
          {p.mayDecide ? (
            <Button
              size="small"
              type="primary"
              onClick={() => onDecide(p)}
              data-testid="proposal-decide"
            >
              {t('approval.open')}
            </Button>
          ) : null}
          {canRevise &&
          (p.status === 'pending' || p.status === 'returned') &&
          latest.get(p.documentId) === p.version ? (
            <Button size="small" onClick={() => onRevise(p)} data-testid="proposal-revise">
              {t('performance.proposal.revise')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Table<ProposalView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...items]}
      loading={loading ?? false}
      pagination={false}
      locale={{ emptyText: t('performance.proposal.empty') }}
      data-testid={testId}
      scroll={{ x: 980 }}
    />
  );
}
