// The commendation and accountability proposals awaiting the signed-in leader's decision, as a
// card under the approvals inbox (审批) and on the 人员表现 tab. Shows nothing to anyone who has
// none waiting, so the pages it sits on stay as they were.
import { Card, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { performanceApi, type ProposalView } from '../../api/performance.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ProposalDecisionModal } from './proposal-decision-modal.tsx';
import { ProposalsTable } from './proposals-table.tsx';

export function ProposalInbox({
  version = 0,
  onChanged,
}: {
  /** Bump to read again. */
  version?: number;
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const [own, setOwn] = useState(0);
  const [open, setOpen] = useState<ProposalView | null>(null);
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      void own;
      return performanceApi.inbox(signal);
    },
    [version, own],
  );
  const inbox = useApi(load);
  const items = inbox.data?.items ?? [];
  if (inbox.error) return <LoadError error={inbox.error} onRetry={inbox.reload} />;
  if (!items.length) return null;
  return (
    <Card
      title={t('performance.inbox.title')}
      style={{ marginTop: 16 }}
      data-testid="proposal-inbox"
    >
      <Typography.Paragraph type="secondary">{t('performance.inbox.intro')}</Typography.Paragraph>
      <ProposalsTable
        items={items}
        loading={inbox.loading}
        canRevise={false}
        onDecide={setOpen}
        onRevise={() => undefined}
        testId="proposal-inbox-table"
      />
      {open ? (
        <ProposalDecisionModal
          proposal={open}
          onDone={() => {
            setOpen(null);
            setOwn((v) => v + 1);
            onChanged?.();
          }}
          onCancel={() => setOpen(null)}
        />
      ) : null}
    </Card>
  );
}
