// 审批: each document of the incident with all its versions, newest first: status, who
// submitted it and when, who signs it (the rule and the people), its content hash, and the
// decision with its comment and seal. A signer of a pending version decides it here; the
// office revises or withdraws a version when the server offers those steps.
import { AuditOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Approval, InboxItem, IncidentView } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { enactedIds } from './action-forms.tsx';
import { ApprovalStatusTag, LevelTag } from './incident-tags.tsx';
import { planChannels } from '../releases/content.ts';
import { DocumentParts } from '../releases/document-parts.tsx';
import { ChannelTags } from '../releases/release-tags.tsx';
import { nameOf } from './people.ts';

export function ApprovalsSection({
  view,
  decidable,
  canRevise,
  canWithdraw,
  onDecide,
  onRevise,
  onWithdraw,
}: {
  view: IncidentView;
  /** The pending versions the reader may decide (their inbox), by approval id. */
  decidable: ReadonlyMap<string, InboxItem>;
  canRevise: boolean;
  canWithdraw: boolean;
  onDecide: (item: InboxItem) => void;
  onRevise: (approvalId: string) => void;
  onWithdraw: (approvalId: string) => void;
}) {
  const { t } = useI18n();
  const docs = new Map<string, Approval[]>();
  for (const a of view.approvals) docs.set(a.documentId, [...(docs.get(a.documentId) ?? []), a]);
  const ordered = [...docs.values()]
    .map((versions) => [...versions].sort((x, y) => y.version - x.version))
    .sort((x, y) => Date.parse(y[0]?.submittedAt ?? '') - Date.parse(x[0]?.submittedAt ?? ''));
  const enacted = enactedIds(view.incident);
  if (!ordered.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('approval.none')}
        data-testid="approvals-empty"
      />
    );
  }
  return (
    <Space
      orientation="vertical"
      size={12}
      style={{ width: '100%' }}
      data-testid="incident-approvals"
    >
      {ordered.map((versions) => {
        const latest = versions[0];
        if (!latest) return null;
        return (
          <Card
            key={latest.documentId}
            size="small"
            data-testid="approval-document"
            data-doc-type={latest.docType}
            title={
              <Space wrap>
                <AuditOutlined />
                <span>{t(`approval.doc.${latest.docType}`)}</span>
                <Typography.Text type="secondary">{latest.title}</Typography.Text>
              </Space>
            }
            extra={<ApprovalStatusTag status={latest.status} />}
          >
            {versions.map((a) => {
              const item = decidable.get(a.id);
              const latestOne = a.id === latest.id;
              const revisable =
                canRevise &&
                latestOne &&
                ['pending', 'returned', 'approved'].includes(a.status) &&
                !enacted.has(a.id);
              return (
                <Version
                  key={a.id}
                  a={a}
                  view={view}
                  enacted={enacted.has(a.id)}
                  actions={
                    <Space wrap>
                      {item ? (
                        <Button
                          type="primary"
                          onClick={() => onDecide(item)}
                          data-testid="approval-decide"
                        >
                          {t('approval.decideButton')}
                        </Button>
                      ) : null}
                      {revisable ? (
                        <Button
                          icon={<EditOutlined />}
                          onClick={() => onRevise(a.id)}
                          data-testid="approval-revise"
                        >
                          {t('incident.action.revise_document')}
                        </Button>
                      ) : null}
                      {canWithdraw && a.status === 'pending' ? (
                        <Button
                          danger
                          icon={<RollbackOutlined />}
                          onClick={() => onWithdraw(a.id)}
                          data-testid="approval-withdraw"
                        >
                          {t('incident.action.withdraw_document')}
                        </Button>
                      ) : null}
                    </Space>
                  }
                />
              );
            })}
          </Card>
        );
      })}
    </Space>
  );
}

function Version({
  a,
  view,
  enacted,
  actions,
}: {
  a: Approval;
  view: IncidentView;
  enacted: boolean;
  actions: ReactNode;
}) {
  const { t, lang } = useI18n();
  const level = a.payload.level;
  const channels = Array.isArray(a.payload.channels) ? a.payload.channels : [];
  return (
    <div
      className="approval-version"
      data-testid="approval-version"
      data-approval-id={a.id}
      data-status={a.status}
      data-version={a.version}
    >
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Text strong>{t('approval.version', { n: a.version })}</Typography.Text>
          <ApprovalStatusTag status={a.status} />
          {enacted ? <Tag color="green">{t('approval.enacted')}</Tag> : null}
          {level === 'I' || level === 'II' || level === 'III' || level === 'IV' ? (
            <LevelTag level={level} />
          ) : null}
        </Space>
        {actions}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'submitted',
            label: t('approval.submitted'),
            children: t('approval.submittedBy', {
              name: nameOf(view, a.submittedBy),
              at: formatTime(a.submittedAt, lang),
            }),
          },
          {
            key: 'signer',
            label: t('approval.signer'),
            children: (
              <span data-testid="approval-signer">
                {t(`approval.signerRule.${a.signer.rule}`)}：
                {a.signer.userIds.map((id) => nameOf(view, id)).join('、') || t('common.none')}
              </span>
            ),
          },
          {
            key: 'grade',
            label: t('approval.grade'),
            children: t(`incident.grade.${a.grade}`),
          },
          ...(channels.length
            ? [
                {
                  key: 'channels',
                  label: t('incident.field.channels'),
                  children: <ChannelTags channels={planChannels(a)} />,
                },
              ]
            : []),
          {
            key: 'hash',
            label: t('approval.contentHash'),
            span: 'filled' as const,
            children: (
              <Typography.Text
                code
                copyable={{ text: a.contentHash }}
                className="hash"
                data-testid="approval-hash"
              >
                {a.contentHash.slice(0, 16)}…
              </Typography.Text>
            ),
          },
          ...(a.decision
            ? [
                {
                  key: 'decision',
                  label: t('approval.decision'),
                  span: 'filled' as const,
                  children: (
                    <div data-testid="approval-decision" data-decision={a.decision.decision}>
                      <Space wrap>
                        <Tag
                          color={
                            a.decision.decision === 'approve'
                              ? 'green'
                              : a.decision.decision === 'reject'
                                ? 'red'
                                : 'orange'
                          }
                        >
                          {t(`approval.decision.${a.decision.decision}`)}
                        </Tag>
                        <span>
                          {t('approval.decidedBy', {
                            name: nameOf(view, a.decision.decidedBy),
                            at: formatTime(a.decision.decidedAt, lang),
                          })}
                        </span>
                        {a.decision.onBehalfOf ? (
                          <Tag>
                            {t('approval.onBehalfOf', {
                              name: nameOf(view, a.decision.onBehalfOf),
                            })}
                          </Tag>
                        ) : null}
                      </Space>
                      {a.decision.comment ? (
                        <div className="approval-comment" data-testid="approval-comment">
                          {a.decision.comment}
                        </div>
                      ) : null}
                      <Typography.Text type="secondary" className="hash">
                        {t('approval.seal')}{' '}
                        <Typography.Text code copyable={{ text: a.decision.sealHash }}>
                          {a.decision.sealHash.slice(0, 16)}…
                        </Typography.Text>
                      </Typography.Text>
                    </div>
                  ),
                },
              ]
            : []),
          ...(a.closure
            ? [
                {
                  key: 'closure',
                  label: t('approval.closure'),
                  span: 'filled' as const,
                  children: t('approval.closedBy', {
                    name: nameOf(view, a.closure.by),
                    at: formatTime(a.closure.at, lang),
                    reason: a.closure.reason,
                  }),
                },
              ]
            : []),
        ]}
      />
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'body',
            label: t('approval.showBody'),
            children: (
              <>
                <div className="approval-body" data-testid="approval-body">
                  {a.body}
                </div>
                <DocumentParts a={a} />
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
