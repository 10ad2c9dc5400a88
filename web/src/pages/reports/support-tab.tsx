// 保障记录 ([P16]): duty allowance, equipment, data plan (yuan) and training (hours) per
// informant, with totals per person and per unit for the chosen month, quarter or year. The
// office adds records and voids wrong ones (kept, with the reason); informants see their own,
// a city bureau its unit's.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { informantsApi, type SupportList, type SupportRecord } from '../../api/informants.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { currentPeriod, periodOptions, type PeriodKind } from './periods.ts';
import { SupportModal, VoidSupportModal } from './support-modal.tsx';

type Total = SupportList['totals']['all'];

function yuan(text: string, t: Translate): string {
  return t('informants.support.yuan', { n: text });
}

function totalText(total: Total, t: Translate): string {
  return t('informants.support.totalLine', {
    count: total.count,
    amount: yuan(total.amount_yuan, t),
    hours: total.hours,
  });
}

export function SupportTab() {
  const { t, lang } = useI18n();
  const now = useMemo(() => new Date(), []);
  const [kind, setKind] = useState<PeriodKind>('year');
  const [period, setPeriod] = useState(() => currentPeriod('year', now));
  const [showVoided, setShowVoided] = useState(false);
  const [adding, setAdding] = useState(false);
  const [voiding, setVoiding] = useState<SupportRecord | null>(null);

  const load = useCallback(
    (signal: AbortSignal) => informantsApi.support({ period, voided: showVoided, signal }),
    [period, showVoided],
  );
  const list = useApi(load);
  const data = list.data;
  const canWrite = data?.can_write ?? false;

  const columns: TableColumnsType<SupportRecord> = [
    { title: t('informants.support.date'), dataIndex: 'date', key: 'date', width: 110 },
    {
      title: t('informants.support.person'),
      key: 'person',
      render: (_: unknown, r: SupportRecord) => (
        <Space size={4} wrap>
          <span>{r.person.name}</span>
          <Tag>{r.unit.name}</Tag>
        </Space>
      ),
    },
    {
      title: t('informants.support.kind'),
      key: 'kind',
      width: 110,
      render: (_: unknown, r: SupportRecord) => t(`informants.supportKind.${r.kind}`),
    },
    {
      title: t('informants.support.amount'),
      key: 'amount',
      width: 130,
      render: (_: unknown, r: SupportRecord) =>
        r.amount_yuan !== null
          ? yuan(r.amount_yuan, t)
          : t('informants.support.hoursValue', { n: r.hours ?? 0 }),
    },
    {
      title: t('informants.support.note'),
      key: 'note',
      render: (_: unknown, r: SupportRecord) => (
        <>
          {r.note ?? ''}
          {r.voided ? (
            <div>
              <Tag color="red" data-testid="support-voided">
                {t('informants.support.voidedTag', { reason: r.voided.reason })}
              </Tag>
            </div>
          ) : null}
        </>
      ),
    },
    {
      title: t('informants.support.recordedBy'),
      key: 'by',
      width: 200,
      render: (_: unknown, r: SupportRecord) => (
        <Typography.Text type="secondary">
          {r.created_by.name} · {formatTime(r.created_at, lang)}
        </Typography.Text>
      ),
    },
    ...(canWrite
      ? [
          {
            title: '',
            key: 'actions',
            width: 80,
            render: (_: unknown, r: SupportRecord) =>
              r.voided ? null : (
                <Button
                  size="small"
                  danger
                  onClick={() => setVoiding(r)}
                  data-testid="support-void"
                >
                  {t('informants.support.void')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="support-tab">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<PeriodKind>
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPeriod(currentPeriod(k, now));
          }}
          options={[
            { value: 'month', label: t('informants.period.month') },
            { value: 'quarter', label: t('informants.period.quarter') },
            { value: 'year', label: t('informants.period.year') },
          ]}
          data-testid="support-kind"
        />
        <Select
          value={period}
          onChange={setPeriod}
          options={periodOptions(kind, now, lang)}
          style={{ width: 160 }}
          data-testid="support-period"
          aria-label={t('informants.period.label')}
        />
        <Segmented<'active' | 'all'>
          value={showVoided ? 'all' : 'active'}
          onChange={(v) => setShowVoided(v === 'all')}
          options={[
            { value: 'active', label: t('informants.support.activeOnly') },
            { value: 'all', label: t('informants.support.withVoided') },
          ]}
        />
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="support-add"
          >
            {t('informants.support.add')}
          </Button>
        ) : null}
      </Space>
      {data && !canWrite ? (
        <Typography.Paragraph type="secondary">
          {t('informants.support.ownHelp')}
        </Typography.Paragraph>
      ) : null}
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {data ? (
        <Typography.Paragraph data-testid="support-total">
          {t('informants.support.total', { text: totalText(data.totals.all, t) })}
        </Typography.Paragraph>
      ) : null}
      <Table<SupportRecord>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={list.loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 820 }}
        data-testid="support-table"
      />
      {data && data.totals.by_unit.length > 0 ? (
        <Space align="start" wrap style={{ marginTop: 16, width: '100%' }}>
          <Card size="small" title={t('informants.support.byUnit')} data-testid="support-by-unit">
            <TotalsTable
              rows={data.totals.by_unit.map((u) => ({
                key: u.unit.id,
                name: u.unit.name,
                total: u.total,
              }))}
            />
          </Card>
          <Card
            size="small"
            title={t('informants.support.byPerson')}
            data-testid="support-by-person"
          >
            <TotalsTable
              rows={data.totals.by_person.map((p) => ({
                key: `${p.person.id}/${p.unit.id}`,
                name: `${p.person.name}（${p.unit.name}）`,
                total: p.total,
              }))}
            />
          </Card>
        </Space>
      ) : null}
      {adding ? (
        <SupportModal
          onClose={(saved) => {
            setAdding(false);
            if (saved) list.reload();
          }}
        />
      ) : null}
      {voiding ? (
        <VoidSupportModal
          record={voiding}
          onClose={(saved) => {
            setVoiding(null);
            if (saved) list.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function TotalsTable({ rows }: { rows: { key: string; name: string; total: Total }[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<{ key: string; name: string; total: Total }> = [
    { title: t('informants.support.who'), dataIndex: 'name', key: 'name' },
    ...(['duty_allowance', 'equipment', 'data_plan'] as const).map((k) => ({
      title: t(`informants.supportKind.${k}`),
      key: k,
      render: (_: unknown, r: { total: Total }) => r.total.by_kind[k].amount_yuan,
    })),
    {
      title: t('informants.support.trainingHours'),
      key: 'training',
      render: (_: unknown, r: { total: Total }) => r.total.by_kind.training.hours,
    },
    {
      title: t('informants.support.sum'),
      key: 'sum',
      render: (_: unknown, r: { total: Total }) => r.total.amount_yuan,
    },
  ];
  return <Table rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} />;
}
