// 审批 (/approvals): the documents awaiting the signed-in user's signature (their own, and as a
// delegate), oldest first, each with its incident, kind, version, when it was submitted and
// on whose behalf; opened, the document shows its text and content hash and is approved,
// returned or rejected with a comment. Anyone may open the page: only a signer sees items.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { incidentsApi, type InboxItem } from '../api/incidents.ts';
import { LoadError } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatTime } from '../lib/format.ts';
import { DecisionModal } from './incidents/decision-modal.tsx';
import { ProposalInbox } from './performance/proposal-inbox.tsx';
import { LiveDot } from './incidents/incident-tags.tsx';
import { useLiveIncidents } from './incidents/use-live-incidents.ts';
import './incidents/incidents.css';

export function ApprovalsPage() {
  const { t, lang } = useI18n();
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [open, setOpen] = useState<InboxItem | null>(null);
  const live = useLiveIncidents(bump);
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return incidentsApi.inbox(signal);
    },
    [version],
  );
  const inbox = useApi(load);
  // The inbox names people by account; the names come with the incident once it is opened.
  const [names, setNames] = useState<Record<string, string>>({});
  const nameOf = (id: string) => names[id] ?? `${id.slice(0, 8)}…`;

  const columns: TableColumnsType<InboxItem> = [
    {
      title: t('approval.incident'),
      key: 'incident',
      render: (_v, i) =>
        i.incidentTitle ? (
          <Link
            to={`/incidents/${encodeURIComponent(i.approval.incidentId)}?tab=approvals`}
            data-testid="inbox-incident"
          >
            {i.incidentTitle}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('approval.incidentHidden')}</Typography.Text>
        ),
    },
    {
      title: t('approval.document'),
      key: 'doc',
      render: (_v, i) => (
        <Space size={4} wrap>
          <Tag color="blue" data-testid="inbox-doc-type" data-doc-type={i.approval.docType}>
            {t(`approval.doc.${i.approval.docType}`)}
          </Tag>
          <span data-testid="inbox-doc-title">{i.approval.title}</span>
        </Space>
      ),
    },
    {
      title: t('approval.versionTitle'),
      key: 'version',
      width: 90,
      render: (_v, i) => (
        <span data-testid="inbox-version">{t('approval.version', { n: i.approval.version })}</span>
      ),
    },
    {
      title: t('approval.submittedAt'),
      key: 'at',
      width: 190,
      render: (_v, i) => formatTime(i.approval.submittedAt, lang),
    },
    {
      title: t('approval.forWhom'),
      key: 'for',
      render: (_v, i) =>
        i.onBehalfOf ? (
          <Tag color="orange" data-testid="inbox-on-behalf">
            {t('approval.onBehalfOf', { name: nameOf(i.onBehalfOf) })}
          </Tag>
        ) : (
          <Tag data-testid="inbox-own">{t('approval.own')}</Tag>
        ),
    },
    {
      title: '',
      key: 'open',
      width: 110,
      render: (_v, i) => (
        <Button
          type="primary"
          size="small"
          onClick={() => {
            setOpen(i);
            // Names of the submitter and signers, from the incident itself (a signer reads it).
            incidentsApi.get(i.approval.incidentId).then(
              (view) => setNames((n) => ({ ...n, ...view.people })),
              () => undefined,
            );
          }}
          data-testid="inbox-open"
        >
          {t('approval.open')}
        </Button>
      ),
    },
  ];

  return (
    <div className="incidents-page" data-testid="approvals-page">
      <Card
        title={t('approval.inboxTitle')}
        extra={
          <Space>
            <LiveDot status={live} />
            <Button icon={<ReloadOutlined />} onClick={bump} data-testid="inbox-reload">
              {t('incidents.reload')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('approval.inboxIntro')}</Typography.Paragraph>
        {inbox.error ? <LoadError error={inbox.error} onRetry={inbox.reload} /> : null}
        <Table<InboxItem>
          rowKey={(i) => i.approval.id}
          size="small"
          columns={columns}
          dataSource={inbox.data?.items ?? []}
          loading={inbox.loading}
          pagination={false}
          locale={{ emptyText: t('approval.inboxEmpty') }}
          data-testid="inbox-table"
          scroll={{ x: 760 }}
        />
      </Card>
      <ProposalInbox />
      {open ? (
        <DecisionModal
          approval={open.approval}
          incidentTitle={open.incidentTitle}
          onBehalfOf={open.onBehalfOf ? nameOf(open.onBehalfOf) : null}
          nameOf={nameOf}
          onDone={() => {
            setOpen(null);
            bump();
          }}
          onCancel={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}
