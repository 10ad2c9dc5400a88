// 审计 (/audit), for admin, leader and office: the audit log newest first, paged by
// next_cursor, and 校验 (verify) which walks the hash chain and reports where it breaks, and
// checks the sealed records (incidents, approvals, informants' reports) against their audited
// seals, listing every record that was changed behind Yuqing's back.
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../api/client.ts';
import type { AuditEntry, AuditVerify } from '../api/types.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { CursorPager, useCursorPaging } from '../components/cursor-pager.tsx';
import { LoadError } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError, formatTime, labelOr } from '../lib/format.ts';

const PAGE_SIZE = 50;

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="audit-json">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const { t } = useI18n();
  const me = useMe();
  if (!may(me, 'audit.read')) {
    return <Result status="403" title={t('audit.title')} subTitle={t('audit.forbidden')} />;
  }
  return <AuditLog />;
}

function AuditLog() {
  const { t, lang } = useI18n();
  const paging = useCursorPaging();
  const { cursor } = paging;
  const load = useCallback(
    (signal: AbortSignal) => api.audit({ cursor, limit: PAGE_SIZE, signal }),
    [cursor],
  );
  const entries = useApi(load);
  const [verifying, setVerifying] = useState(false);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const runVerify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerify(await api.verifyAudit());
    } catch (e: unknown) {
      setVerify(null);
      setVerifyError(describeError(e, t));
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: '#', dataIndex: 'seq', key: 'seq', width: 70 },
    {
      title: t('audit.time'),
      key: 'at',
      width: 190,
      render: (_v, e) => formatTime(e.at, lang),
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_v, e) => (
        <Space size={4}>
          <span>{e.actor.name}</span>
          <Tag>{labelOr(t, `audit.actorKind.${e.actor.kind}`, e.actor.kind)}</Tag>
        </Space>
      ),
    },
    {
      title: t('audit.action'),
      key: 'action',
      render: (_v, e) => (
        <Space size={4}>
          <span>{labelOr(t, `action.${e.action}`, e.action)}</span>
          <Typography.Text type="secondary" code>
            {e.action}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('audit.object'),
      key: 'object',
      render: (_v, e) => (
        <span>
          {e.object.type}
          {e.object.id ? (
            <Typography.Text type="secondary" title={e.object.id}>
              {' '}
              {e.object.id.length > 12 ? `${e.object.id.slice(0, 8)}…` : e.object.id}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      key: 'ip',
      width: 130,
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <Card data-testid="audit-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start" wrap>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('audit.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('audit.desc')}</Typography.Paragraph>
        </div>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verifying}
          onClick={() => void runVerify()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </Space>
      {verifyError ? (
        <Alert type="error" showIcon title={verifyError} style={{ marginBottom: 16 }} />
      ) : null}
      {verify ? (
        verify.ok ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="audit-verify-result"
            title={t('audit.verifyOk', { n: verify.entries })}
            description={
              <Typography.Text code copyable className="hash">
                {verify.head}
              </Typography.Text>
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="audit-verify-result"
            title={t('audit.verifyBroken', {
              seq: verify.problem?.seq ?? '?',
              reason: verify.problem?.reason ?? '?',
            })}
            description={verify.problem?.message}
          />
        )
      ) : null}
      {verify ? <RecordsCheck records={verify.records} /> : null}
      {entries.error ? <LoadError error={entries.error} onRetry={entries.reload} /> : null}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={entries.data?.items ?? []}
        loading={entries.loading}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'before', label: t('audit.before'), children: <Json value={e.before} /> },
                { key: 'after', label: t('audit.after'), children: <Json value={e.after} /> },
                {
                  key: 'hash',
                  label: t('audit.hash'),
                  children: (
                    <Typography.Text code className="hash">
                      {e.hash}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'prev',
                  label: t('audit.prevHash'),
                  children: (
                    <Typography.Text code className="hash">
                      {e.prev_hash}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          ),
        }}
        data-testid="audit-table"
      />
      <CursorPager
        paging={paging}
        nextCursor={entries.data?.next_cursor}
        loading={entries.loading}
      />
    </Card>
  );
}

/** The sealed records checked against their seals, and each one that does not match. */
function RecordsCheck({ records }: { records: AuditVerify['records'] }) {
  const { t } = useI18n();
  const ok = records.problems.length === 0;
  return (
    <Alert
      type={ok ? 'success' : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="audit-records"
      data-checked={records.checked}
      data-problems={records.problems.length}
      title={
        ok
          ? t('audit.recordsOk', { n: records.checked })
          : t('audit.recordsBroken', { n: records.problems.length, checked: records.checked })
      }
      description={
        ok ? undefined : (
          <ul className="audit-record-problems">
            {records.problems.map((p) => (
              <li key={`${p.type}:${p.id}`} data-testid="audit-record-problem" data-type={p.type}>
                <Tag color="red">{t(`audit.recordType.${p.type}`)}</Tag>
                <Typography.Text code>{p.id}</Typography.Text> {p.message}
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}
