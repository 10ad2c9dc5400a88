// 组织与值班 › 人员表现 ([P17]): the people of an assessment year with the roles they held, their
// acknowledgement and reporting times, tasks and signatures summed up (admin, the office and
// leaders see everyone; division and city staff their unit; everyone else themselves); a
// person's drawer with every fact per incident; the proposals for commendation or
// accountability (the office proposes, the group's head or a deputy head decides); the
// export for the annual assessment as CSV or DOCX.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import {
  performanceApi,
  type PerformanceListItem,
  type PersonPerformanceView,
  type ProposalView,
} from '../../api/performance.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import type { OrgData } from '../org-page.tsx';
import { duration, rightsOf, shanghaiYear, yearOptions } from './performance-format.ts';
import { PersonDrawer } from './person-drawer.tsx';
import { ProposalDecisionModal } from './proposal-decision-modal.tsx';
import { ProposalInbox } from './proposal-inbox.tsx';
import { ProposalModal } from './proposal-modal.tsx';
import { ProposalsTable } from './proposals-table.tsx';

export function PerformanceTab({ org }: { org: OrgData }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const rights = rightsOf(me);
  const [year, setYear] = useState(shanghaiYear());
  const [unitId, setUnitId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [open, setOpen] = useState<string | null>(null);
  const [proposing, setProposing] = useState<{
    personId?: string;
    revises?: ProposalView;
  } | null>(null);
  const [deciding, setDeciding] = useState<ProposalView | null>(null);

  const loadList = useCallback(
    (signal: AbortSignal) => {
      void version;
      return performanceApi.list({ year, unitId, signal });
    },
    [year, unitId, version],
  );
  const list = useApi(loadList);
  const loadProposals = useCallback(
    (signal: AbortSignal) => {
      void version;
      return performanceApi.proposals({ year, signal });
    },
    [year, version],
  );
  const proposals = useApi(loadProposals);

  const nameOfUnit = (id: string | null) => {
    const u = id ? org.unitsById.get(id) : undefined;
    return u ? unitName(u, lang) : t('common.none');
  };
  const people = list.data?.items ?? [];

  const columns: TableColumnsType<PerformanceListItem> = [
    {
      title: t('performance.person'),
      key: 'name',
      width: 120,
      render: (_v, i) => (
        <Button
          type="link"
          style={{ padding: 0 }}
          onClick={() => setOpen(i.person.id)}
          data-testid="performance-person"
          data-person-id={i.person.id}
        >
          {i.person.name}
        </Button>
      ),
    },
    {
      title: t('performance.unit'),
      key: 'unit',
      width: 170,
      render: (_v, i) => nameOfUnit(i.person.unitId),
    },
    {
      title: t('performance.col.incidents'),
      key: 'incidents',
      width: 90,
      render: (_v, i) => i.summary.incidents,
    },
    {
      title: t('performance.col.roles'),
      key: 'roles',
      width: 230,
      render: (_v, i) => (
        <Space size={2} wrap>
          {Object.entries(i.summary.roles)
            .filter(([, n]) => n > 0)
            .map(([role, n]) => (
              <Tag key={role}>
                {t(`performance.role.${role as keyof typeof i.summary.roles}`)} × {n}
              </Tag>
            ))}
        </Space>
      ),
    },
    {
      title: t('performance.col.acks'),
      key: 'acks',
      width: 150,
      render: (_v, i) =>
        i.summary.acks.count
          ? t('performance.acksShort', {
              n: i.summary.acks.count,
              late: i.summary.acks.late,
              median: duration(i.summary.acks.medianMs, t),
            })
          : '—',
    },
    {
      title: t('performance.col.escalations'),
      key: 'esc',
      width: 90,
      render: (_v, i) => (
        <span data-testid="performance-escalations">{i.summary.escalationsPast}</span>
      ),
    },
    {
      title: t('performance.col.reports'),
      key: 'reports',
      width: 130,
      render: (_v, i) =>
        i.summary.reports.count
          ? t('performance.reportsShort', {
              n: i.summary.reports.count,
              late: i.summary.reports.breached,
            })
          : '—',
    },
    {
      title: t('performance.col.tasks'),
      key: 'tasks',
      width: 170,
      render: (_v, i) => {
        const k = i.summary.tasks;
        const total = Object.values(k).reduce((a, b) => a + b, 0);
        return total ? (
          <span data-testid="performance-tasks">
            {t('performance.tasksShort', {
              onTime: k.on_time,
              late: k.late,
              overdue: k.open_overdue + k.closed_overdue,
            })}
          </span>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('performance.col.signatures'),
      key: 'sig',
      width: 150,
      render: (_v, i) =>
        i.summary.signatures.decided
          ? t('performance.signaturesShort', {
              n: i.summary.signatures.decided,
              median: duration(i.summary.signatures.medianWaitMs, t),
            })
          : '—',
    },
    {
      title: t('performance.col.proposals'),
      key: 'proposals',
      width: 150,
      render: (_v, i) => (
        <Space size={2} wrap>
          {i.proposals.commendation ? (
            <Tag color="green">
              {t('performance.kind.commendation')} {i.proposals.commendation}
            </Tag>
          ) : null}
          {i.proposals.accountability ? (
            <Tag color="volcano">
              {t('performance.kind.accountability')} {i.proposals.accountability}
            </Tag>
          ) : null}
          {i.proposals.pending ? (
            <Tag color="processing">
              {t('performance.status.pending')} {i.proposals.pending}
            </Tag>
          ) : null}
        </Space>
      ),
    },
  ];

  const unitOptions = [
    { value: '', label: t('org.people.allUnits') },
    ...org.units.map((u) => ({ value: u.id, label: unitName(u, lang) })),
  ];

  return (
    <div data-testid="performance-tab">
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <span>{t('performance.year')}</span>
          <Select
            style={{ width: 110 }}
            value={year}
            options={yearOptions().map((y) => ({ value: y, label: String(y) }))}
            onChange={(y: number) => setYear(y)}
            data-testid="performance-year"
          />
          {rights.all ? (
            <>
              <span>{t('org.people.filterUnit')}</span>
              <Select
                style={{ minWidth: 240 }}
                value={unitId ?? ''}
                options={unitOptions}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(v: string) => setUnitId(v === '' ? null : v)}
                data-testid="performance-unit"
              />
            </>
          ) : null}
        </Space>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={performanceApi.exportUrl(year, 'csv')}
            data-testid="performance-export-csv"
          >
            {t('performance.exportCsv')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={performanceApi.exportUrl(year, 'docx')}
            data-testid="performance-export-docx"
          >
            {t('performance.exportDocx')}
          </Button>
          {rights.propose ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setProposing({})}
              data-testid="performance-propose"
            >
              {t('performance.proposal.new')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">
        {rights.all ? t('performance.introAll') : t('performance.introOwn')}
      </Typography.Paragraph>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<PerformanceListItem>
        rowKey={(i) => i.person.id}
        size="small"
        columns={columns}
        dataSource={people}
        loading={list.loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('performance.empty') }}
        data-testid="performance-table"
        scroll={{ x: 1400 }}
      />
      {rights.leader ? <ProposalInbox version={version} onChanged={bump} /> : null}
      <Card
        size="small"
        title={t('performance.proposals')}
        style={{ marginTop: 16 }}
        data-testid="performance-proposals"
      >
        {proposals.error ? <LoadError error={proposals.error} onRetry={proposals.reload} /> : null}
        <ProposalsTable
          items={proposals.data?.items ?? []}
          loading={proposals.loading}
          canRevise={rights.propose}
          onDecide={setDeciding}
          onRevise={(p) => setProposing({ revises: p })}
        />
      </Card>
      {open ? (
        <PersonDrawer
          personId={open}
          year={year}
          unitName={nameOfUnit}
          canPropose={rights.propose}
          version={version}
          onPropose={(v: PersonPerformanceView) => setProposing({ personId: v.person.id })}
          onDecide={setDeciding}
          onRevise={(p) => setProposing({ revises: p })}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {proposing ? (
        <ProposalModal
          people={people.map((i) => i.person)}
          personId={proposing.personId}
          revises={proposing.revises}
          year={year}
          onDone={() => {
            setProposing(null);
            bump();
          }}
          onCancel={() => setProposing(null)}
        />
      ) : null}
      {deciding ? (
        <ProposalDecisionModal
          proposal={deciding}
          onDone={() => {
            setDeciding(null);
            bump();
          }}
          onCancel={() => setDeciding(null)}
        />
      ) : null}
    </div>
  );
}
