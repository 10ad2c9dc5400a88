// One person's performance in a year: per incident the roles they held (when taken and left),
// the reports upward they recorded against their limits, the investigation's notes, the tasks
// of their unit, the documents they signed and how long each waited, the alerts they
// acknowledged or were passed by, and what the record does not hold; the alerts tied to no
// incident; the proposals about them; export links; and, for the office, a new proposal.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback } from 'react';
import {
  performanceApi,
  type AlertFact,
  type IncidentPerformance,
  type PersonPerformanceView,
  type ProposalView,
  type ReportFact,
  type RoleHeld,
  type SignatureFact,
  type TaskFact,
} from '../../api/performance.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatTime, labelOr } from '../../lib/format.ts';
import { duration } from './performance-format.ts';
import { ProposalsTable } from './proposals-table.tsx';

function clockLabel(key: string, t: Translate): string {
  const [kind, n] = key.split(':');
  if (kind === 'follow_up') return t('incident.clock.kind.follow_up', { n: n ?? '' });
  return labelOr(t, `incident.clock.kind.${kind ?? ''}`, key);
}

const OUTCOME_COLOR: Record<TaskFact['outcome'], string> = {
  on_time: 'success',
  late: 'warning',
  open_overdue: 'error',
  closed_overdue: 'error',
  open: 'processing',
  stopped: 'default',
};

export function PersonDrawer({
  personId,
  year,
  unitName,
  canPropose,
  version,
  onPropose,
  onDecide,
  onRevise,
  onClose,
}: {
  personId: string;
  year: number;
  unitName: (unitId: string | null) => string;
  canPropose: boolean;
  /** Bump to read again (after a decision or a proposal). */
  version: number;
  onPropose: (view: PersonPerformanceView) => void;
  onDecide: (p: ProposalView) => void;
  onRevise: (p: ProposalView) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return performanceApi.person(personId, year, signal);
    },
    [personId, year, version],
  );
  const detail = useApi(load);
  const v = detail.data?.person.id === personId ? detail.data : undefined;

  return (
    <Drawer
      open
      size={880}
      onClose={onClose}
      title={
        v ? (
          <span data-testid="person-drawer-title">
            {v.person.name}（{unitName(v.person.unitId)}）· {year}
          </span>
        ) : (
          t('performance.drawerTitle')
        )
      }
      extra={
        v ? (
          <Space>
            <Button
              icon={<DownloadOutlined />}
              href={performanceApi.exportUrl(year, 'csv', personId)}
              data-testid="person-export-csv"
            >
              CSV
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={performanceApi.exportUrl(year, 'docx', personId)}
              data-testid="person-export-docx"
            >
              DOCX
            </Button>
            {canPropose ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => onPropose(v)}
                data-testid="person-propose"
              >
                {t('performance.proposal.new')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
      data-testid="person-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {!v && detail.loading ? <Loading /> : null}
      {v ? (
        <PersonBody
          v={v}
          unitName={unitName}
          onDecide={onDecide}
          onRevise={onRevise}
          canRevise={canPropose}
        />
      ) : null}
    </Drawer>
  );
}

function PersonBody({
  v,
  unitName,
  canRevise,
  onDecide,
  onRevise,
}: {
  v: PersonPerformanceView;
  unitName: (unitId: string | null) => string;
  canRevise: boolean;
  onDecide: (p: ProposalView) => void;
  onRevise: (p: ProposalView) => void;
}) {
  const { t } = useI18n();
  const s = v.summary;
  return (
    <div data-testid="person-performance">
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'incidents', label: t('performance.col.incidents'), children: s.incidents },
          {
            key: 'acks',
            label: t('performance.col.acks'),
            children: t('performance.acksText', {
              n: s.acks.count,
              late: s.acks.late,
              median: duration(s.acks.medianMs, t),
            }),
          },
          { key: 'esc', label: t('performance.col.escalations'), children: s.escalationsPast },
          {
            key: 'reports',
            label: t('performance.col.reports'),
            children: t('performance.reportsText', {
              n: s.reports.count,
              met: s.reports.met,
              late: s.reports.breached,
              none: s.reports.noTarget,
            }),
          },
          {
            key: 'tasks',
            label: t('performance.col.tasks'),
            children: t('performance.tasksText', {
              onTime: s.tasks.on_time,
              late: s.tasks.late,
              overdue: s.tasks.open_overdue + s.tasks.closed_overdue,
              open: s.tasks.open,
            }),
          },
          {
            key: 'sig',
            label: t('performance.col.signatures'),
            children: t('performance.signaturesText', {
              n: s.signatures.decided,
              median: duration(s.signatures.medianWaitMs, t),
              pending: s.signatures.pending,
            }),
          },
        ]}
      />
      {v.incidents.length === 0 && v.alerts.length === 0 ? (
        <Empty
          style={{ marginTop: 24 }}
          description={t('performance.nothing')}
          data-testid="person-empty"
        />
      ) : null}
      {v.incidents.map((i) => (
        <IncidentCard key={i.incidentId} i={i} v={v} unitName={unitName} />
      ))}
      {v.alerts.length ? (
        <Card
          size="small"
          title={t('performance.looseAlerts')}
          style={{ marginTop: 16 }}
          data-testid="person-loose-alerts"
        >
          <AlertsTable alerts={v.alerts} />
        </Card>
      ) : null}
      <Card
        size="small"
        title={t('performance.proposals')}
        style={{ marginTop: 16 }}
        data-testid="person-proposals"
      >
        <ProposalsTable
          items={v.proposals}
          canRevise={canRevise}
          onDecide={onDecide}
          onRevise={onRevise}
          testId="person-proposals-table"
        />
      </Card>
    </div>
  );
}

function IncidentCard({
  i,
  v,
  unitName,
}: {
  i: IncidentPerformance;
  v: PersonPerformanceView;
  unitName: (unitId: string | null) => string;
}) {
  const { t, lang } = useI18n();
  const nameOf = (id: string | null) => (id ? (v.names[id] ?? id) : '');
  const time = (iso: string | null) => formatTime(iso, lang);

  const roleColumns: TableColumnsType<RoleHeld> = [
    {
      title: t('performance.role'),
      key: 'role',
      render: (_x, r) => (
        <span data-testid="role-name" data-role={r.role}>
          {t(`performance.role.${r.role}`)}
          {r.teamName ? `（${r.teamName}）` : ''}
          {r.role === 'division_head' && r.unitId ? `（${unitName(r.unitId)}）` : ''}
          {r.standIn ? `（${t('performance.standIn')}）` : ''}
          {r.documents.length
            ? `：${r.documents.map((d) => labelOr(t, `approval.doc.${d}`, d)).join('、')}`
            : ''}
        </span>
      ),
    },
    {
      title: t('performance.since'),
      key: 'since',
      width: 170,
      render: (_x, r) => (r.since ? time(r.since) : t('performance.notRecorded')),
    },
    {
      title: t('performance.until'),
      key: 'until',
      width: 170,
      render: (_x, r) =>
        r.until
          ? time(r.until)
          : r.since
            ? t('performance.stillHeld')
            : t('performance.notRecorded'),
    },
    {
      title: t('performance.endedBy'),
      key: 'ended',
      width: 120,
      render: (_x, r) => (r.endedBy ? t(`performance.endedBy.${r.endedBy}`) : '—'),
    },
  ];

  const reportColumns: TableColumnsType<ReportFact> = [
    {
      title: t('performance.report'),
      key: 'kind',
      render: (_x, r) => `${t(`performance.reportKind.${r.kind}`)}（${r.recipient}）`,
    },
    {
      title: t('performance.reportAt'),
      key: 'at',
      width: 210,
      render: (_x, r) =>
        `${time(r.happenedAt)}${r.basis === 'declared' ? `（${t('incident.clock.basisDeclared')}）` : ''}`,
    },
    {
      title: t('performance.limit'),
      key: 'clocks',
      render: (_x, r) =>
        r.clocks.length ? (
          <Space size={4} wrap>
            {r.clocks.map((c) => (
              <Tag
                key={c.key}
                color={
                  c.status === 'met' ? 'success' : c.status === 'breached' ? 'error' : 'default'
                }
                data-testid="report-clock"
                data-status={c.status}
              >
                {clockLabel(c.key, t)} · {t(`performance.clock.${c.status}`)}
                {c.overdueMs ? ` ${duration(c.overdueMs, t)}` : ''}
              </Tag>
            ))}
          </Space>
        ) : (
          t('performance.noLimit')
        ),
    },
  ];

  const taskColumns: TableColumnsType<TaskFact> = [
    { title: t('performance.task'), key: 'title', render: (_x, k) => k.title },
    {
      title: t('performance.unit'),
      key: 'unit',
      width: 140,
      render: (_x, k) => unitName(k.unitId),
    },
    {
      title: t('performance.deadline'),
      key: 'deadline',
      width: 170,
      render: (_x, k) => time(k.deadline),
    },
    {
      title: t('performance.outcome'),
      key: 'outcome',
      width: 170,
      render: (_x, k) => (
        <Tag color={OUTCOME_COLOR[k.outcome]} data-testid="task-outcome" data-outcome={k.outcome}>
          {t(`performance.outcome.${k.outcome}`)}
          {k.overdueMs ? ` ${duration(k.overdueMs, t)}` : ''}
        </Tag>
      ),
    },
    {
      title: t('performance.relation'),
      key: 'relation',
      width: 150,
      render: (_x, k) => k.relation.map((r) => t(`performance.relation.${r}`)).join('、'),
    },
  ];

  const signatureColumns: TableColumnsType<SignatureFact> = [
    {
      title: t('approval.document'),
      key: 'doc',
      render: (_x, g) =>
        `${labelOr(t, `approval.doc.${g.docType}`, g.docType)} · ${t('approval.version', { n: g.version })} · ${g.title}`,
    },
    {
      title: t('approval.submitted'),
      key: 'at',
      width: 170,
      render: (_x, g) => time(g.submittedAt),
    },
    {
      title: t('performance.proposal.decision'),
      key: 'decision',
      width: 200,
      render: (_x, g) =>
        `${g.decision ? t(`approval.decision.${g.decision}`) : g.status === 'pending' ? t('performance.status.pending') : t('performance.undecided')}${
          g.onBehalfOf ? `（${t('performance.onBehalfOf', { name: nameOf(g.onBehalfOf) })}）` : ''
        }${g.signedBy ? `（${t('performance.signedBy', { name: nameOf(g.signedBy) })}）` : ''}`,
    },
    {
      title: t('performance.waited'),
      key: 'waited',
      width: 130,
      render: (_x, g) => <span data-testid="signature-waited">{duration(g.waitedMs, t)}</span>,
    },
  ];

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={
        <Space wrap>
          <span data-testid="incident-title">{i.title}</span>
          {i.grade ? (
            <Tag color={i.grade === 'major' ? 'red' : 'blue'}>{t(`incident.grade.${i.grade}`)}</Tag>
          ) : null}
          <span style={{ fontWeight: 'normal' }}>{formatTime(i.openedAt, lang)}</span>
        </Space>
      }
      data-testid="person-incident"
      data-incident-id={i.incidentId}
    >
      {i.roles.length ? (
        <Table<RoleHeld>
          rowKey="ref"
          size="small"
          pagination={false}
          columns={roleColumns}
          dataSource={i.roles}
          data-testid="person-roles"
        />
      ) : null}
      {i.reports.length ? (
        <Table<ReportFact>
          rowKey="ref"
          size="small"
          pagination={false}
          columns={reportColumns}
          dataSource={i.reports}
          style={{ marginTop: 8 }}
          data-testid="person-reports"
        />
      ) : null}
      {i.tasks.length ? (
        <Table<TaskFact>
          rowKey="ref"
          size="small"
          pagination={false}
          columns={taskColumns}
          dataSource={i.tasks}
          style={{ marginTop: 8 }}
          data-testid="person-tasks"
        />
      ) : null}
      {i.signatures.length ? (
        <Table<SignatureFact>
          rowKey="ref"
          size="small"
          pagination={false}
          columns={signatureColumns}
          dataSource={i.signatures}
          style={{ marginTop: 8 }}
          data-testid="person-signatures"
        />
      ) : null}
      {i.alerts.length ? <AlertsTable alerts={i.alerts} /> : null}
      {i.notes.length ? (
        <p style={{ marginTop: 8 }} data-testid="person-notes">
          {i.notes
            .map((n) => `${t(`performance.note.${n.kind}`)} ${time(n.declaredAt ?? n.at)}`)
            .join('；')}
        </p>
      ) : null}
      {i.gaps.length ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={t('performance.gaps')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {i.gaps.map((g) => (
                <li key={g} data-testid="person-gap" data-gap={g}>
                  {t(`performance.gap.${g}`)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
    </Card>
  );
}

function AlertsTable({ alerts }: { alerts: readonly AlertFact[] }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<AlertFact> = [
    {
      title: t('performance.alert'),
      key: 'title',
      render: (_x, a) => (
        <span>
          {a.title}
          {a.onDuty ? <Tag style={{ marginLeft: 4 }}>{t('performance.onDuty')}</Tag> : null}
        </span>
      ),
    },
    {
      title: t('performance.firedAt'),
      key: 'fired',
      width: 170,
      render: (_x, a) => formatTime(a.firedAt, lang),
    },
    {
      title: t('performance.ack'),
      key: 'ack',
      width: 220,
      render: (_x, a) =>
        a.acknowledgedByThem ? (
          <Tag
            color={a.withinDeadline ? 'success' : 'warning'}
            data-testid="alert-ack"
            data-within={a.withinDeadline ? 'yes' : 'no'}
          >
            {a.withinDeadline ? t('performance.ackInTime') : t('performance.ackLate')} ·{' '}
            {duration(a.ackMs, t)}
          </Tag>
        ) : a.acknowledgedAt ? (
          t('performance.ackByOther')
        ) : (
          t('performance.notAcked')
        ),
    },
    {
      title: t('performance.passed'),
      key: 'passed',
      render: (_x, a) =>
        a.passed.length
          ? a.passed
              .map(
                (p) =>
                  `${formatTime(p.at, lang)} → ${labelOr(t, `alerts.role.${p.toRole}`, p.toRole)}`,
              )
              .join('；')
          : '—',
    },
  ];
  return (
    <Table<AlertFact>
      rowKey="ref"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={[...alerts]}
      style={{ marginTop: 8 }}
      data-testid="person-alerts"
    />
  );
}
