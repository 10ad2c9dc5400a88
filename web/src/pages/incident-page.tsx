// One incident (/incidents/:id): the header (title, state, grade and the machine's suggestion
// with its reasons, emergency level, confidentiality, who is on it, the revision read), the
// steps the server offers this reader now (view.actions: nothing else is offered), and the
// record by subject: 时间线, 处置时钟 (ticking), 审批 (every version; a signer decides here),
// 任务, 上报, 调查督办, 对外联系. Each step opens its own small form sent with the revision shown;
// the live stream reads the incident again when a step concerns the reader.
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Popover,
  Space,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import {
  incidentsApi,
  type InboxItem,
  type IncidentActionType,
  type IncidentView,
} from '../api/incidents.ts';
import { useMe } from '../auth/auth-context.tsx';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError, formatTime, labelOr, unitName } from '../lib/format.ts';
import { useNow } from './alerts/alert-tags.tsx';
import { GradeReasons } from './events/heat-grade.tsx';
import type { RiskNames } from './mentions/analysis-tags.tsx';
import { nothingToPick, revisePreset, type ActionContext } from './incidents/action-forms.tsx';
import { ActionModal } from './incidents/action-modal.tsx';
import type { ActionValues } from './incidents/action-values.ts';
import { DecisionModal } from './incidents/decision-modal.tsx';
import { ApprovalsSection } from './incidents/incident-approvals.tsx';
import { ClocksSection } from './incidents/incident-clocks.tsx';
import {
  ContactsSection,
  ReportsSection,
  TasksSection,
  TeamSection,
} from './incidents/incident-records.tsx';
import {
  ConfidentialityTag,
  IncidentGradeTag,
  LevelTag,
  LiveDot,
  StateTag,
} from './incidents/incident-tags.tsx';
import { TimelineSection } from './incidents/incident-timeline.tsx';
import { nameOf, peopleOptions } from './incidents/people.ts';
import { useLiveIncidents } from './incidents/use-live-incidents.ts';
import { IncidentStatements } from './releases/incident-statements.tsx';
import { ReviewSection } from './incidents/incident-review.tsx';
import './dashboard/dashboard.css';
import './incidents/incidents.css';

type Dialog =
  | { kind: 'action'; type: IncidentActionType; preset: Partial<ActionValues>; revision: number }
  | { kind: 'decide'; item: InboxItem };

type TabKey =
  | 'timeline'
  | 'clocks'
  | 'approvals'
  | 'releases'
  | 'tasks'
  | 'reports'
  | 'team'
  | 'review'
  | 'contacts';
const TABS: readonly TabKey[] = [
  'timeline',
  'clocks',
  'approvals',
  'releases',
  'tasks',
  'reports',
  'team',
  'review',
  'contacts',
];

/** The newer of two reads of the same incident (a step's answer, or a fresh read). */
function newest(a: IncidentView | undefined, b: IncidentView | null): IncidentView | undefined {
  if (!b) return a;
  if (!a) return b;
  return b.incident.revision > a.incident.revision ? b : a;
}

export function IncidentPage() {
  const { id = '' } = useParams();
  // A new id is a new page: nothing of the previous incident stays on screen while it loads.
  return <IncidentScreen key={id} id={id} />;
}

function IncidentScreen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const now = useNow();
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [answered, setAnswered] = useState<IncidentView | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return incidentsApi.get(id, signal);
    },
    [id, version],
  );
  const detail = useApi(load);
  const isLeader = me.kind === 'user' && me.roles.includes('leader');
  const loadInbox = useCallback(
    (signal: AbortSignal) => {
      void version;
      return isLeader ? incidentsApi.inbox(signal) : Promise.resolve({ items: [] });
    },
    [isLeader, version],
  );
  const inbox = useApi(loadInbox);
  const loadSettings = useCallback((signal: AbortSignal) => incidentsApi.settings(signal), []);
  const settings = useApi(loadSettings);
  const loadUnits = useCallback((signal: AbortSignal) => api.units(signal), []);
  const units = useApi(loadUnits);
  // Everyone signed in may name staff: the directory (id, name, unit, roles) feeds the pickers.
  const loadUsers = useCallback(
    (signal: AbortSignal) =>
      incidentsApi.directory(signal).then((d) => ({
        items: d.items.map((u) => ({ id: u.id, display_name: u.displayName, disabled: false })),
      })),
    [],
  );
  const users = useApi(loadUsers);
  const loadRisk = useCallback((signal: AbortSignal) => api.analysisSettings(signal), []);
  const risk = useApi(loadRisk);
  const riskNames: RiskNames = useMemo(
    () => new Map((risk.data?.risk_lexicon.categories ?? []).map((c) => [c.id, c])),
    [risk.data],
  );
  const live = useLiveIncidents(
    useCallback(
      (n: { incidentId: string }) => {
        if (n.incidentId === id) bump();
      },
      [id, bump],
    ),
  );

  const view = newest(detail.data, answered);
  const decidable = useMemo(
    () =>
      new Map(
        (inbox.data?.items ?? [])
          .filter((i) => i.approval.incidentId === id)
          .map((i) => [i.approval.id, i] as const),
      ),
    [inbox.data, id],
  );

  if (!view) {
    return detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : <Loading />;
  }

  const inc = view.incident;
  const actions = new Set(view.actions);
  const ctx: ActionContext = {
    view,
    me,
    units: units.data?.items ?? [],
    settings: settings.data ?? null,
    people: peopleOptions(view, me, users.data?.items ?? []),
  };
  const offer = (type: IncidentActionType, preset: Partial<ActionValues> = {}) =>
    setDialog({ kind: 'action', type, preset, revision: inc.revision });
  const applied = (v: IncidentView) => {
    setDialog(null);
    setAnswered(v);
    inbox.reload();
  };
  const readAgain = async (): Promise<number | null> => {
    try {
      const v = await incidentsApi.get(id);
      setAnswered(v);
      return v.incident.revision;
    } catch (e: unknown) {
      void message.error(describeError(e, t));
      return null;
    }
  };
  const unitLabel = (unitId: string) => {
    const u = (units.data?.items ?? []).find((x) => x.id === unitId);
    return u ? unitName(u, lang) : '—';
  };

  const requested = params.get('tab') as TabKey | null;
  const tab: TabKey = requested && TABS.includes(requested) ? requested : 'timeline';
  const count = (n: number) => (n ? <Badge count={n} size="small" color="#1f4e9a" /> : null);
  const breached = view.clocks.filter((c) => c.status === 'breached').length;
  const pendingDocs = view.approvals.filter((a) => a.status === 'pending').length;

  return (
    <div className="incident-page" data-testid="incident-page" data-incident-id={inc.id}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="incident-title">
              {inc.title}
            </Typography.Title>
            <StateTag state={inc.state} />
          </Space>
        }
        extra={
          <Space wrap>
            <LiveDot status={live} />
            <Button icon={<ReloadOutlined />} onClick={bump} data-testid="incident-reload">
              {t('incident.reload')}
            </Button>
            <Link to="/incidents">
              <ArrowLeftOutlined /> {t('incident.back')}
            </Link>
          </Space>
        }
      >
        {view.placeholder ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('incident.placeholder')}
          />
        ) : null}
        {view.access.audited ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('incident.auditedRead', {
              basis: labelOr(
                t,
                `incident.basis.${view.access.basis ?? ''}`,
                view.access.basis ?? '—',
              ),
            })}
            data-testid="incident-audited"
          />
        ) : null}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'grade',
              label: t('incident.field.grade'),
              children: (
                <Space size={4} wrap>
                  <IncidentGradeTag grade={inc.grade} />
                  {inc.suggested ? (
                    <Popover
                      title={t('incident.suggestedTitle')}
                      content={
                        <div style={{ maxWidth: 480 }}>
                          <GradeReasons reasons={inc.suggested.reasons} riskNames={riskNames} />
                        </div>
                      }
                    >
                      <Tag
                        color={inc.suggested.grade === 'major' ? 'volcano' : undefined}
                        data-testid="incident-suggested"
                        data-grade={inc.suggested.grade}
                        style={{ cursor: 'help' }}
                      >
                        {t('incident.suggested', {
                          grade: t(`incident.grade.${inc.suggested.grade}`),
                        })}
                      </Tag>
                    </Popover>
                  ) : null}
                </Space>
              ),
            },
            {
              key: 'level',
              label: t('incident.field.level'),
              children: (
                <Space size={4} wrap>
                  <LevelTag level={inc.response.level} />
                  {inc.response.activatedAt ? (
                    <Typography.Text type="secondary">
                      {t('incident.responseSince', {
                        at: formatTime(inc.response.activatedAt, lang),
                      })}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            {
              key: 'conf',
              label: t('incident.field.confidentiality'),
              children: (
                <Space size={4} wrap>
                  <ConfidentialityTag level={inc.confidentiality.level} />
                  {inc.confidentiality.userIds.length ? (
                    <Typography.Text type="secondary" data-testid="incident-readers">
                      {inc.confidentiality.userIds.map((u) => nameOf(view, u)).join('、')}
                    </Typography.Text>
                  ) : null}
                  {inc.confidentiality.roles.map((r) => (
                    <Tag key={r}>{t(`role.${r}`)}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              key: 'unit',
              label: t('incidents.field.unit'),
              children: unitLabel(inc.unitId),
            },
            {
              key: 'leader',
              label: t('incident.field.leaderInCharge'),
              children: (
                <span data-testid="incident-leader">
                  {inc.leaderInChargeId ? nameOf(view, inc.leaderInChargeId) : t('common.none')}
                </span>
              ),
            },
            {
              key: 'handler',
              label: t('incident.team.handler'),
              children: !inc.handler
                ? t('common.none')
                : inc.handler.kind === 'team'
                  ? t('incident.team.teamName', { name: inc.handler.name })
                  : t('incident.team.division', { unit: unitLabel(inc.handler.unitId) }),
            },
            {
              key: 'opened',
              label: t('incident.field.opened'),
              children: t('incident.openedBy', {
                name: nameOf(view, inc.openedBy),
                at: formatTime(inc.openedAt, lang),
              }),
            },
            {
              key: 'discovered',
              label: t('incidents.field.discoveredAt'),
              children: inc.discoveredAt ? (
                <span data-testid="incident-discovered">
                  {formatTime(inc.discoveredAt, lang)} <Tag>{t('incident.time.declaredTag')}</Tag>
                </span>
              ) : (
                t('common.none')
              ),
            },
            {
              key: 'revision',
              label: t('incident.field.revision'),
              children: (
                <span data-testid="incident-revision" data-revision={inc.revision}>
                  {t('incident.revision', {
                    n: inc.revision,
                    at: formatTime(inc.updatedAt, lang),
                  })}
                </span>
              ),
            },
            ...(view.links.length
              ? [
                  {
                    key: 'links',
                    label: t('incident.field.links'),
                    span: 'filled' as const,
                    children: (
                      <Space size={[4, 4]} wrap>
                        {view.links.map((l) => (
                          <LinkTag key={l.id} kind={l.kind} targetId={l.targetId} />
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('incident.actionsTitle')} data-testid="incident-actions">
        {view.actions.length ? (
          <Space wrap>
            {view.actions.map((type) => {
              const idle = nothingToPick(type, ctx);
              return (
                <Tooltip key={type} title={idle ? t('incident.nothingYet') : undefined}>
                  <Button
                    onClick={() => offer(type)}
                    disabled={idle}
                    data-testid={`action-${type}`}
                    type={PRIMARY_STEPS.includes(type) ? 'primary' : 'default'}
                    danger={type === 'withdraw_document'}
                  >
                    {t(`incident.action.${type}`)}
                  </Button>
                </Tooltip>
              );
            })}
          </Space>
        ) : (
          <Typography.Text type="secondary" data-testid="no-actions">
            {t('incident.noActions')}
          </Typography.Text>
        )}
        {decidable.size ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('incident.awaitsYou', { n: decidable.size })}
            action={
              <Button
                size="small"
                onClick={() => setParams({ tab: 'approvals' }, { replace: true })}
              >
                {t('incident.tab.approvals')}
              </Button>
            }
            data-testid="incident-awaits-you"
          />
        ) : null}
      </Card>

      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'timeline' ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: 'timeline',
              label: (
                <span data-testid="tab-timeline">
                  {t('incident.tab.timeline')} {count(view.timeline.length)}
                </span>
              ),
              children: (
                <TimelineSection
                  view={view}
                  canPin={actions.has('pin')}
                  onPin={(entryId, pinned) => offer('pin', { entryId, pinned })}
                />
              ),
            },
            {
              key: 'clocks',
              label: (
                <span data-testid="tab-clocks">
                  {t('incident.tab.clocks')}{' '}
                  {breached ? <Badge count={breached} size="small" /> : count(view.clocks.length)}
                </span>
              ),
              children: (
                <ClocksSection
                  view={view}
                  now={now}
                  canExplain={actions.has('explain_breach')}
                  onExplain={(clockKey) => offer('explain_breach', { clockKey })}
                />
              ),
            },
            {
              key: 'approvals',
              label: (
                <span data-testid="tab-approvals">
                  {t('incident.tab.approvals')} {count(pendingDocs)}
                </span>
              ),
              children: (
                <ApprovalsSection
                  view={view}
                  decidable={decidable}
                  canRevise={actions.has('revise_document')}
                  canWithdraw={actions.has('withdraw_document')}
                  onDecide={(item) => setDialog({ kind: 'decide', item })}
                  onRevise={(approvalId) =>
                    offer('revise_document', revisePreset(view, approvalId))
                  }
                  onWithdraw={(approvalId) => offer('withdraw_document', { approvalId })}
                />
              ),
            },
            {
              key: 'releases',
              label: (
                <span data-testid="tab-releases">
                  {t('incident.tab.releases')} {count(inc.releases.length)}
                </span>
              ),
              children: (
                <IncidentStatements
                  view={view}
                  canPublish={
                    actions.has('publish_release') && !nothingToPick('publish_release', ctx)
                  }
                  canWithdraw={actions.has('withdraw_release')}
                  onPublish={() => offer('publish_release')}
                  onWithdraw={(releaseId) => offer('withdraw_release', { releaseId })}
                />
              ),
            },
            {
              key: 'tasks',
              label: (
                <span data-testid="tab-tasks">
                  {t('incident.tab.tasks')} {count(inc.tasks.length)}
                </span>
              ),
              children: (
                <TasksSection
                  view={view}
                  me={me}
                  units={units.data?.items ?? []}
                  now={now}
                  canFeedback={actions.has('task_feedback')}
                  onFeedback={(taskId) => offer('task_feedback', { taskId, complete: false })}
                />
              ),
            },
            {
              key: 'reports',
              label: (
                <span data-testid="tab-reports">
                  {t('incident.tab.reports')} {count(inc.reports.length)}
                </span>
              ),
              children: (
                <ReportsSection
                  view={view}
                  canReceipt={actions.has('record_receipt')}
                  onReceipt={(reportId) => offer('record_receipt', { reportId })}
                />
              ),
            },
            {
              key: 'team',
              label: (
                <span data-testid="tab-team">
                  {t('incident.tab.team')} {count(inc.investigation.length)}
                </span>
              ),
              children: <TeamSection view={view} units={units.data?.items ?? []} />,
            },
            {
              key: 'review',
              label: <span data-testid="tab-review">{t('incident.tab.review')}</span>,
              children: (
                <ReviewSection
                  view={view}
                  canSubmit={actions.has('submit_document')}
                  canRevise={actions.has('revise_document')}
                  canArchive={actions.has('archive')}
                  onSubmit={() => offer('submit_document', { docType: 'review_report' })}
                  onRevise={(approvalId) =>
                    offer('revise_document', revisePreset(view, approvalId))
                  }
                  onArchive={() => offer('archive')}
                />
              ),
            },
            {
              key: 'contacts',
              label: (
                <span data-testid="tab-contacts">
                  {t('incident.tab.contacts')} {count(inc.contacts.length)}
                </span>
              ),
              children: <ContactsSection view={view} />,
            },
          ]}
        />
      </Card>

      {dialog?.kind === 'action' ? (
        <ActionModal
          key={`${dialog.type}-${dialog.revision}`}
          type={dialog.type}
          ctx={ctx}
          revision={dialog.revision}
          preset={dialog.preset}
          onDone={applied}
          onCancel={() => setDialog(null)}
          onReload={readAgain}
        />
      ) : null}
      {dialog?.kind === 'decide' ? (
        <DecisionModal
          approval={dialog.item.approval}
          incidentTitle={inc.title}
          onBehalfOf={dialog.item.onBehalfOf ? nameOf(view, dialog.item.onBehalfOf) : null}
          nameOf={(u) => nameOf(view, u)}
          onDone={applied}
          onCancel={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

/** The steps that move the incident on, shown as primary buttons. */
const PRIMARY_STEPS: readonly IncidentActionType[] = [
  'start_assessment',
  'grade',
  'submit_document',
  'propose_response_activation',
  'record_report',
  'start_review',
  'archive',
];

function LinkTag({ kind, targetId }: { kind: string; targetId: string }) {
  const { t } = useI18n();
  const short = targetId.length > 10 ? `${targetId.slice(0, 8)}…` : targetId;
  const label = `${labelOr(t, `incident.link.${kind}`, kind)} ${short}`;
  const to =
    kind === 'event'
      ? `/events/${encodeURIComponent(targetId)}`
      : kind === 'alert'
        ? `/alerts/${encodeURIComponent(targetId)}`
        : kind === 'mention'
          ? `/mentions?mention=${encodeURIComponent(targetId)}`
          : kind === 'report'
            ? '/reports'
            : null;
  return to ? (
    <Link to={to}>
      <Tag color="blue">{label}</Tag>
    </Link>
  ) : (
    <Tag>{label}</Tag>
  );
}
