// 待处理输入 (admin, office): pushed or imported items that failed validation, with their
// reasons and the raw input as received (plain text), processed again as stored or after a
// person corrects them. Once an item lands it leaves this list and joins the feed.
import { Alert, App, Button, Checkbox, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { QuarantinedItem, ReprocessResult } from '../../api/types.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatTime, labelOr } from '../../lib/format.ts';
import { CorrectModal } from './correct-modal.tsx';
import { MENTION_PARAM } from './feed-tab.tsx';
import { Reasons } from './reasons.tsx';

const LIMIT = 200;

interface Outcome {
  item: QuarantinedItem;
  result: ReprocessResult;
}

export function QuarantineTab({ onLanded }: { onLanded: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [showResolved, setShowResolved] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [correcting, setCorrecting] = useState<QuarantinedItem | null>(null);

  const load = useCallback(
    (signal: AbortSignal) => api.quarantine({ openOnly: !showResolved, limit: LIMIT, signal }),
    [showResolved],
  );
  const list = useApi(load);

  const finished = (item: QuarantinedItem, result: ReprocessResult) => {
    setOutcome({ item, result });
    if (result.outcome !== 'rejected') {
      list.reload();
      onLanded();
    }
  };

  const reprocess = async (item: QuarantinedItem) => {
    setBusy(item.id);
    setOutcome(null);
    try {
      finished(item, await api.reprocess(item.id));
    } catch (e: unknown) {
      void message.error(describeError(e, t));
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<QuarantinedItem> = [
    {
      title: t('quarantine.received'),
      key: 'received',
      width: 170,
      render: (_v, q) => formatTime(q.received_at, lang),
    },
    {
      title: t('quarantine.channel'),
      key: 'channel',
      width: 100,
      render: (_v, q) => labelOr(t, `channel.${q.channel}`, q.channel),
    },
    {
      title: t('quarantine.source'),
      key: 'source',
      width: 120,
      render: (_v, q) =>
        q.source ? <Typography.Text code>{q.source}</Typography.Text> : t('common.none'),
    },
    {
      title: t('quarantine.position'),
      key: 'position',
      width: 110,
      render: (_v, q) => q.position ?? t('common.none'),
    },
    {
      title: t('quarantine.reasons'),
      key: 'reasons',
      render: (_v, q) => <Reasons errors={q.errors.map((e) => `${e.field}: ${e.message}`)} />,
    },
    ...(showResolved
      ? [
          {
            title: t('quarantine.status'),
            key: 'status',
            width: 100,
            render: (_v: unknown, q: QuarantinedItem) =>
              q.resolved_at ? (
                <Tag color="green" title={formatTime(q.resolved_at, lang)}>
                  {labelOr(t, `quarantine.resolution.${q.resolution ?? ''}`, q.resolution ?? '')}
                </Tag>
              ) : (
                <Tag color="orange">{t('quarantine.open')}</Tag>
              ),
          },
        ]
      : []),
    {
      title: t('quarantine.actions'),
      key: 'actions',
      width: 230,
      render: (_v, q) =>
        q.resolved_at ? null : (
          <Space size={4} wrap>
            <Button
              size="small"
              loading={busy === q.id}
              disabled={busy !== null && busy !== q.id}
              onClick={() => void reprocess(q)}
              data-testid="quarantine-reprocess"
            >
              {t('quarantine.reprocess')}
            </Button>
            <Button
              size="small"
              type="primary"
              disabled={busy !== null}
              onClick={() => {
                setOutcome(null);
                setCorrecting(q);
              }}
              data-testid="quarantine-correct"
            >
              {t('quarantine.correct')}
            </Button>
          </Space>
        ),
    },
  ];

  const items = list.data?.items ?? [];

  return (
    <div data-testid="quarantine-tab">
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Text type="secondary">{t('quarantine.desc')}</Typography.Text>
        <Checkbox
          checked={showResolved}
          onChange={(e) => setShowResolved(e.target.checked)}
          data-testid="quarantine-show-resolved"
        >
          {t('quarantine.showResolved')}
        </Checkbox>
      </Space>
      {outcome ? (
        <OutcomeAlert
          outcome={outcome}
          onClose={() => setOutcome(null)}
          onView={(id) => void navigate(`/mentions?${MENTION_PARAM}=${encodeURIComponent(id)}`)}
        />
      ) : null}
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<QuarantinedItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('quarantine.empty') }}
        expandable={{
          expandedRowRender: (q) => (
            <div>
              <Typography.Text type="secondary">{t('quarantine.payload')}</Typography.Text>
              <pre className="raw-payload" data-testid="quarantine-payload">
                {q.payload}
              </pre>
            </div>
          ),
        }}
        data-testid="quarantine-table"
      />
      {items.length >= LIMIT ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('quarantine.limited', { n: LIMIT })}
        </Typography.Paragraph>
      ) : null}
      {correcting ? (
        <CorrectModal
          item={correcting}
          onClose={(result) => {
            const item = correcting;
            setCorrecting(null);
            if (result) finished(item, result);
            else list.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function OutcomeAlert({
  outcome: { result },
  onClose,
  onView,
}: {
  outcome: Outcome;
  onClose: () => void;
  onView: (mentionId: string) => void;
}) {
  const { t } = useI18n();
  const view = result.mention_id ? (
    <Button size="small" onClick={() => result.mention_id && onView(result.mention_id)}>
      {t('quarantine.viewMention')}
    </Button>
  ) : undefined;
  switch (result.outcome) {
    case 'accepted':
      return (
        <Alert
          type="success"
          showIcon
          closable={{ onClose }}
          style={{ marginBottom: 16 }}
          title={t('quarantine.accepted')}
          action={view}
          data-testid="quarantine-outcome"
        />
      );
    case 'duplicate':
      return (
        <Alert
          type="info"
          showIcon
          closable={{ onClose }}
          style={{ marginBottom: 16 }}
          title={t('quarantine.duplicate')}
          action={view}
          data-testid="quarantine-outcome"
        />
      );
    case 'rejected':
      return (
        <Alert
          type="error"
          showIcon
          closable={{ onClose }}
          style={{ marginBottom: 16 }}
          title={t('quarantine.rejected')}
          description={<Reasons errors={result.errors} />}
          data-testid="quarantine-outcome"
        />
      );
  }
}
