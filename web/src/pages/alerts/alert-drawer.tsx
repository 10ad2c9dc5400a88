// One alert (/alerts/:id, where notifications link): what it is and where it stands, the
// escalation chain copied when it fired with its current step, the evidence, every
// notification with its delivery, and its history. Those who handle alerts (leader, office,
// division) acknowledge (确认), dismiss with a reason (驳回), link to an incident (关联事件) or
// escalate now (升级); everyone else reads.
import { CheckOutlined, CloseCircleOutlined, LinkOutlined, RiseOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Popconfirm,
  Space,
  Steps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { alertsApi, type AlertDetail, type AlertRuleView } from '../../api/alerts.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatCount, formatTime } from '../../lib/format.ts';
import { DismissModal, LinkModal } from './alert-action-modals.tsx';
import { EvidenceList } from './alert-evidence.tsx';
import { DeliveryTable, HistoryTimeline } from './alert-records.tsx';
import {
  CoverageTags,
  Deadline,
  KindTag,
  roleLabel,
  SeverityTag,
  StatusTag,
  useNow,
} from './alert-tags.tsx';

const NO_RULES: readonly AlertRuleView[] = [];

/** The next step of the chain with people in it, as the server escalates; null at the end. */
export function nextStepOf(a: AlertDetail): number | null {
  for (let i = a.escalation_step + 1; i < a.chain.length; i++)
    if (a.chain[i]?.people.length) return i;
  return null;
}

export function AlertDrawer({
  id,
  version,
  canHandle,
  onChanged,
  onClose,
}: {
  id: string;
  /** Bumped by the page's live stream: read the alert again. */
  version: number;
  canHandle: boolean;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return alertsApi.get(id, signal);
    },
    [id, version],
  );
  const fetched = useApi(load);
  // The rules in scope, to name those the alert met.
  const loadRules = useCallback((signal: AbortSignal) => alertsApi.rules(signal), []);
  const rules = useApi(loadRules).data?.items ?? NO_RULES;
  // An action answers the alert as it now stands: shown at once, without another read.
  const [changed, setChanged] = useState<AlertDetail | null>(null);
  useEffect(() => setChanged(null), [fetched.data]);
  const a = changed ?? fetched.data;

  return (
    <Drawer
      open
      size={920}
      onClose={onClose}
      title={a ? a.title : t('alerts.detail')}
      data-testid="alert-drawer"
      data-alert-id={id}
      destroyOnHidden
    >
      {fetched.error ? <LoadError error={fetched.error} onRetry={fetched.reload} /> : null}
      {!a && fetched.loading ? <Loading /> : null}
      {a ? (
        <AlertBody
          a={a}
          canHandle={canHandle}
          rules={rules}
          onChanged={(next) => {
            setChanged(next);
            onChanged();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function AlertBody({
  a,
  canHandle,
  rules,
  onChanged,
}: {
  a: AlertDetail;
  canHandle: boolean;
  rules: readonly AlertRuleView[];
  onChanged: (a: AlertDetail) => void;
}) {
  const { t, lang } = useI18n();
  const now = useNow();
  const ruleNames = useMemo(() => new Map(rules.map((r) => [r.id, r.name])), [rules]);
  const overdue = a.status === 'open' && Date.parse(a.ack_due_at) < now;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {a.is_demo ? <Alert type="warning" showIcon title={t('mentions.demo')} /> : null}
      <Actions a={a} canHandle={canHandle} onChanged={onChanged} />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        data-testid="alert-summary"
        items={[
          {
            key: 'severity',
            label: t('alerts.col.severity'),
            children: (
              <Space size={4}>
                <SeverityTag severity={a.severity} />
                {a.looked_major && a.severity !== 'major' ? (
                  <Tag color="red" variant="filled">
                    {t('alerts.lookedMajor')}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'status',
            label: t('alerts.col.status'),
            children: (
              <Space size={4} wrap>
                <StatusTag status={a.status} />
                <KindTag kind={a.kind} />
                <CoverageTags reasons={a.coverage_reasons} />
              </Space>
            ),
          },
          { key: 'fired', label: t('alerts.col.fired'), children: formatTime(a.fired_at, lang) },
          {
            key: 'deadline',
            label: t('alerts.col.deadline'),
            children: (
              <Space orientation="vertical" size={0}>
                <Deadline alert={a} now={now} />
                <Typography.Text type="secondary">
                  {t('alerts.detail.dueAt', { at: formatTime(a.ack_due_at, lang) })}
                </Typography.Text>
              </Space>
            ),
          },
          ...(a.kind === 'event'
            ? [
                {
                  key: 'mentions',
                  label: t('alerts.detail.mentions'),
                  children: formatCount(a.mention_count, lang),
                },
                {
                  key: 'event',
                  label: t('alerts.detail.event'),
                  children: a.event_id ? (
                    <Link
                      to={`/events/${encodeURIComponent(a.event_id)}`}
                      data-testid="alert-event-link"
                    >
                      {t('alerts.detail.openEvent')}
                    </Link>
                  ) : (
                    t('common.none')
                  ),
                },
              ]
            : []),
          {
            key: 'rules',
            label: t('alerts.detail.rules'),
            span: 'filled' as const,
            children: a.rule_ids.length
              ? a.rule_ids.map((r) => <Tag key={r}>{ruleNames.get(r) ?? r}</Tag>)
              : t('common.none'),
          },
          {
            key: 'summary',
            label: t('alerts.detail.summary'),
            span: 'filled' as const,
            children: <span data-testid="alert-summary-text">{a.summary}</span>,
          },
          ...(a.status === 'dismissed' || a.status === 'linked'
            ? [
                {
                  key: 'closed',
                  label: t(
                    a.status === 'dismissed' ? 'alerts.detail.dismissed' : 'alerts.detail.linked',
                  ),
                  span: 'filled' as const,
                  children: (
                    <Space orientation="vertical" size={2}>
                      <Typography.Text>
                        {t('alerts.detail.closedBy', {
                          name: a.closed_name ?? t('common.none'),
                          at: formatTime(a.closed_at, lang),
                        })}
                      </Typography.Text>
                      {a.close_reason ? (
                        <Typography.Text data-testid="alert-close-reason">
                          {t('alerts.history.reason', { reason: a.close_reason })}
                        </Typography.Text>
                      ) : null}
                      {a.incident_id ? (
                        <Typography.Text type="secondary" data-testid="alert-incident">
                          {t('alerts.history.incident', { id: a.incident_id })}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />

      <Divider titlePlacement="start" plain>
        {t('alerts.chain.title')}
      </Divider>
      <Steps
        size="small"
        current={a.escalation_step}
        status={overdue ? 'error' : a.status === 'open' ? 'process' : 'finish'}
        data-testid="alert-chain"
        items={a.chain.map((s, i) => ({
          title: roleLabel(t, s.role),
          content: (
            <span
              data-testid="chain-step"
              data-current={i === a.escalation_step ? 'true' : 'false'}
            >
              {s.people.length ? s.people.join('、') : t('alerts.chain.empty')}
            </span>
          ),
        }))}
      />
      <Typography.Text type="secondary" data-testid="alert-next-escalation">
        {a.next_escalation_at
          ? t('alerts.chain.next', { at: formatTime(a.next_escalation_at, lang) })
          : a.status === 'open'
            ? t('alerts.chain.end')
            : t('alerts.chain.stopped')}
      </Typography.Text>

      <Divider titlePlacement="start" plain>
        {t('alerts.evidence.title', { n: a.evidence.length })}
      </Divider>
      <EvidenceList alertId={a.id} evidence={a.evidence} />

      <Divider titlePlacement="start" plain>
        {t('alerts.delivery.title')}
      </Divider>
      <DeliveryTable alert={a} />

      <Divider titlePlacement="start" plain>
        {t('alerts.history.title')}
      </Divider>
      <HistoryTimeline alert={a} />
    </Space>
  );
}

function Actions({
  a,
  canHandle,
  onChanged,
}: {
  a: AlertDetail;
  canHandle: boolean;
  onChanged: (a: AlertDetail) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'ack' | 'escalate' | null>(null);
  const [modal, setModal] = useState<'dismiss' | 'link' | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (!canHandle) {
    return (
      <Typography.Text type="secondary" data-testid="alert-readonly">
        {t('alerts.readOnly')}
      </Typography.Text>
    );
  }
  const active = a.status === 'open' || a.status === 'acknowledged';
  if (!active) return null;
  const next = nextStepOf(a);
  const nextStep = next === null ? undefined : a.chain[next];
  const needsAck = a.status === 'open' ? t('alerts.action.ackFirst') : undefined;
  const ActionDialog = modal === 'dismiss' ? DismissModal : modal === 'link' ? LinkModal : null;

  const run = async (kind: 'ack' | 'escalate') => {
    setBusy(kind);
    setError(null);
    try {
      const done = kind === 'ack' ? await alertsApi.ack(a.id) : await alertsApi.escalate(a.id);
      void message.success(t(kind === 'ack' ? 'alerts.ack.done' : 'alerts.escalate.done'));
      onChanged(done);
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Space wrap data-testid="alert-actions">
        {a.status === 'open' ? (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={busy === 'ack'}
            onClick={() => void run('ack')}
            data-testid="alert-ack"
          >
            {t('alerts.action.ack')}
          </Button>
        ) : null}
        <Tooltip title={needsAck}>
          <Button
            danger
            icon={<CloseCircleOutlined />}
            disabled={a.status !== 'acknowledged'}
            onClick={() => setModal('dismiss')}
            data-testid="alert-dismiss"
          >
            {t('alerts.action.dismiss')}
          </Button>
        </Tooltip>
        <Tooltip title={needsAck}>
          <Button
            icon={<LinkOutlined />}
            disabled={a.status !== 'acknowledged'}
            onClick={() => setModal('link')}
            data-testid="alert-link"
          >
            {t('alerts.action.link')}
          </Button>
        </Tooltip>
        {nextStep ? (
          <Popconfirm
            title={t('alerts.escalate.confirm', {
              role: roleLabel(t, nextStep.role),
              people: nextStep.people.join('、'),
            })}
            okText={t('alerts.action.escalate')}
            cancelText={t('common.cancel')}
            onConfirm={() => void run('escalate')}
          >
            <Button
              icon={<RiseOutlined />}
              loading={busy === 'escalate'}
              data-testid="alert-escalate"
            >
              {t('alerts.action.escalate')}
            </Button>
          </Popconfirm>
        ) : (
          <Tooltip title={t('alerts.escalate.end')}>
            <Button icon={<RiseOutlined />} disabled data-testid="alert-escalate">
              {t('alerts.action.escalate')}
            </Button>
          </Tooltip>
        )}
      </Space>
      {error ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setError(null) }}
          title={error}
          data-testid="alert-action-error"
        />
      ) : null}
      {ActionDialog ? (
        <ActionDialog
          alert={a}
          onCancel={() => setModal(null)}
          onDone={(done) => {
            setModal(null);
            onChanged(done);
          }}
        />
      ) : null}
    </>
  );
}
