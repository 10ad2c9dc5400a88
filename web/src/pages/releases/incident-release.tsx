// 事件发布 on the 信息发布 page (/publishing?incident=ID): one incident's release at a glance —
// its title (to the incident page), state and grade; the first statement's clock ([P9]: a
// countdown while it runs, met or breached with the time and any reason given for the breach);
// every version of its release plans (channels, aim, audience, timing, spokesperson, body),
// the plan in force marked (the newest approved one at the incident's grade that is still its
// document's latest version); and the talking points' approval status, linked to the versions
// card below. The office's buttons open the incident page's own step forms, and only for the
// steps the server offers this reader (view.actions).
import {
  EditOutlined,
  FileAddOutlined,
  LinkOutlined,
  NotificationOutlined,
  ReloadOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Approval, Clock, IncidentActionType, IncidentView } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { useNow } from '../alerts/alert-tags.tsx';
import { enactedIds, revisePreset } from '../incidents/action-forms.tsx';
import type { ActionValues } from '../incidents/action-values.ts';
import {
  ApprovalStatusTag,
  ClockState,
  IncidentGradeTag,
  StateTag,
} from '../incidents/incident-tags.tsx';
import { nameOf } from '../incidents/people.ts';
import { planInForce, pointsContent, pointsDocuments, publishablePoints } from './content.ts';
import { DocumentParts } from './document-parts.tsx';
import { KindTag } from './release-tags.tsx';
import './releases.css';

/** The steps this card offers (each opens the incident page's form for it). */
export const RELEASE_STEPS = [
  'submit_document',
  'revise_document',
  'publish_release',
  'withdraw_release',
] as const satisfies readonly IncidentActionType[];
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

/** Where the talking points' versions and their diff are shown on the page. */
export const VERSIONS_ANCHOR = 'versions-card';

/** The versions of each document of one type, newest first; documents newest first. */
function documentsOf(approvals: readonly Approval[], docType: Approval['docType']): Approval[][] {
  const docs = new Map<string, Approval[]>();
  for (const a of approvals) {
    if (a.docType !== docType) continue;
    docs.set(a.documentId, [...(docs.get(a.documentId) ?? []), a]);
  }
  return [...docs.values()]
    .map((versions) => [...versions].sort((x, y) => y.version - x.version))
    .sort((x, y) => (y[0]?.submittedAt ?? '').localeCompare(x[0]?.submittedAt ?? ''));
}

export function IncidentReleaseCard({
  view,
  offered,
  idle,
  onStep,
  onReload,
}: {
  view: IncidentView;
  /** The steps offered to this reader here (none but to the office, as the server lists). */
  offered: ReadonlySet<ReleaseStep>;
  /** Whether an offered step has nothing to act on yet (its button is disabled). */
  idle: (type: ReleaseStep) => boolean;
  onStep: (type: ReleaseStep, preset?: Partial<ActionValues>) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const inc = view.incident;
  const clock = view.clocks.find((c) => c.kind === 'first_statement') ?? null;
  const enacted = enactedIds(inc);
  /** A document's latest version the office may revise from here. */
  const revisable = (a: Approval, latest: Approval) =>
    offered.has('revise_document') &&
    a.id === latest.id &&
    ['pending', 'returned', 'approved'].includes(a.status) &&
    !enacted.has(a.id);
  const reviseButton = (a: Approval) => (
    <Button
      size="small"
      icon={<EditOutlined />}
      onClick={() => onStep('revise_document', revisePreset(view, a.id))}
      data-testid="release-revise"
    >
      {t('incident.action.revise_document')}
    </Button>
  );
  const stepButton = (
    type: ReleaseStep,
    label: string,
    icon: ReactNode,
    testId: string,
    extra: { primary?: boolean; danger?: boolean; preset?: Partial<ActionValues> } = {},
  ) => {
    if (!offered.has(type)) return null;
    const disabled = idle(type);
    return (
      <Tooltip title={disabled ? t('incident.nothingYet') : undefined}>
        <Button
          icon={icon}
          type={extra.primary ? 'primary' : 'default'}
          danger={extra.danger ?? false}
          disabled={disabled}
          onClick={() => onStep(type, extra.preset)}
          data-testid={testId}
        >
          {label}
        </Button>
      </Tooltip>
    );
  };
  const buttons = [
    stepButton(
      'submit_document',
      t('release.desk.submitPlan'),
      <FileAddOutlined />,
      'release-submit-plan',
      { preset: { docType: 'release_plan' } },
    ),
    stepButton(
      'submit_document',
      t('release.desk.submitPoints'),
      <FileAddOutlined />,
      'release-submit-points',
      { preset: { docType: 'talking_points', pointsKind: 'statement' } },
    ),
    stepButton(
      'publish_release',
      t('incident.action.publish_release'),
      <NotificationOutlined />,
      'release-publish',
      { primary: true },
    ),
    stepButton(
      'withdraw_release',
      t('incident.action.withdraw_release'),
      <RollbackOutlined />,
      'release-withdraw',
      { danger: true },
    ),
  ].filter(Boolean);

  return (
    <Card
      data-testid="incident-release"
      data-incident-id={inc.id}
      title={
        <Space wrap>
          <span>{t('release.desk.title')}</span>
          <Link to={`/incidents/${encodeURIComponent(inc.id)}`} data-testid="release-incident-link">
            {inc.title}
          </Link>
          <StateTag state={inc.state} />
          <IncidentGradeTag grade={inc.grade} />
        </Space>
      }
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={onReload}
          data-testid="release-desk-reload"
        >
          {t('release.reload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('release.desk.help')}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'clock',
            label: t('incident.clock.kind.first_statement'),
            children: <StatementClock clock={clock} view={view} />,
          },
        ]}
      />
      {buttons.length ? (
        <Space wrap style={{ margin: '8px 0 4px' }} data-testid="release-steps">
          {buttons}
        </Space>
      ) : null}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('approval.doc.release_plan')}
      </Typography.Title>
      <PlansSection view={view} revisable={revisable} reviseButton={reviseButton} />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        <Space wrap>
          <span>{t('release.desk.points')}</span>
          <a href={`#${VERSIONS_ANCHOR}`} data-testid="release-to-versions">
            <LinkOutlined /> {t('release.desk.toVersions')}
          </a>
        </Space>
      </Typography.Title>
      <PointsStatus view={view} revisable={revisable} reviseButton={reviseButton} />
    </Card>
  );
}

/** The first statement's clock: counting down, met or breached (when, and why if said). */
function StatementClock({ clock: c, view }: { clock: Clock | null; view: IncidentView }) {
  const { t, lang } = useI18n();
  const now = useNow();
  if (!c) {
    return (
      <Typography.Text type="secondary" data-testid="statement-clock" data-status="none">
        {t('release.desk.clockNone')}
      </Typography.Text>
    );
  }
  const late = c.status === 'breached' || (c.status === 'running' && Date.parse(c.targetAt) < now);
  return (
    <Space
      orientation="vertical"
      size={2}
      data-testid="statement-clock"
      data-status={c.status}
      data-target={c.targetAt}
    >
      <Space wrap>
        <ClockState clock={c} now={now} />
        <Typography.Text type="secondary">
          {t('release.desk.clockTarget', { at: formatTime(c.targetAt, lang) })}
        </Typography.Text>
        {c.doneAt ? (
          <Typography.Text data-testid="statement-clock-done">
            {t('release.desk.clockDone', { at: formatTime(c.doneAt, lang) })}
          </Typography.Text>
        ) : null}
        {c.stoppedAt ? (
          <Typography.Text type="secondary">
            {t('incident.clock.stoppedAt')} {formatTime(c.stoppedAt, lang)}
          </Typography.Text>
        ) : null}
      </Space>
      {c.explanation ? (
        <div data-testid="statement-clock-explanation">
          <Typography.Text type="secondary">
            {t('incident.clock.explained', {
              name: nameOf(view, c.explanation.by),
              at: formatTime(c.explanation.at, lang),
            })}
          </Typography.Text>
          <span>{c.explanation.reason}</span>
        </div>
      ) : late ? (
        <Typography.Text type="danger" data-testid="statement-clock-unexplained">
          {t('incident.clock.unexplained')}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

interface VersionActions {
  revisable: (a: Approval, latest: Approval) => boolean;
  reviseButton: (a: Approval) => ReactNode;
}

/** Every release plan with all its versions; the plan in force marked. */
function PlansSection({ view, revisable, reviseButton }: { view: IncidentView } & VersionActions) {
  const { t, lang } = useI18n();
  const inc = view.incident;
  const plans = documentsOf(view.approvals, 'release_plan');
  const inForce = planInForce(view.approvals, inc.grade);
  if (!plans.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('release.desk.plansNone')}
        data-testid="release-plans-empty"
      />
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="release-plans">
      {inForce ? null : (
        <Alert type="warning" showIcon title={t('release.form.noPlan')} data-testid="plan-none" />
      )}
      {plans.map((versions) => {
        const latest = versions[0]!;
        return (
          <Card
            key={latest.documentId}
            size="small"
            data-testid="release-plan"
            data-document-id={latest.documentId}
            data-in-force={versions.some((a) => a.id === inForce?.id)}
            title={
              <Space wrap>
                <span>{latest.title}</span>
                {versions.some((a) => a.id === inForce?.id) ? (
                  <Tag color="green">{t('release.desk.inForce')}</Tag>
                ) : null}
              </Space>
            }
            extra={<ApprovalStatusTag status={latest.status} />}
          >
            {versions.map((a) => {
              const current = a.id === inForce?.id;
              return (
                <div
                  key={a.id}
                  className={current ? 'plan-version plan-version-in-force' : 'plan-version'}
                  data-testid="plan-version"
                  data-approval-id={a.id}
                  data-version={a.version}
                  data-status={a.status}
                  data-in-force={current}
                >
                  <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Space wrap size={4}>
                      <Typography.Text strong>
                        {t('approval.version', { n: a.version })}
                      </Typography.Text>
                      <ApprovalStatusTag status={a.status} />
                      {current ? (
                        <Tag color="green" data-testid="plan-in-force">
                          {t('release.desk.inForce')}
                        </Tag>
                      ) : null}
                      {a.grade !== inc.grade ? (
                        <Tag>
                          {t('release.desk.otherGrade', {
                            grade: t(`incident.grade.${a.grade}`),
                          })}
                        </Tag>
                      ) : null}
                      <Typography.Text type="secondary">
                        {t('approval.submittedBy', {
                          name: nameOf(view, a.submittedBy),
                          at: formatTime(a.submittedAt, lang),
                        })}
                      </Typography.Text>
                    </Space>
                    {revisable(a, latest) ? reviseButton(a) : null}
                  </Space>
                  <DocumentParts a={a} />
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      {
                        key: 'body',
                        label: t('incident.field.docBody'),
                        children: (
                          <span className="statement-pre" data-testid="plan-body">
                            {a.body}
                          </span>
                        ),
                      },
                    ]}
                  />
                </div>
              );
            })}
          </Card>
        );
      })}
    </Space>
  );
}

/** Each talking-points document: its latest version's status, publishable or published. */
function PointsStatus({ view, revisable, reviseButton }: { view: IncidentView } & VersionActions) {
  const { t, lang } = useI18n();
  const inc = view.incident;
  const docs = pointsDocuments(view.approvals);
  if (!docs.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('release.versions.none')}
        data-testid="release-points-empty"
      />
    );
  }
  const publishable = new Set(publishablePoints(inc, view.approvals).map((a) => a.id));
  const published = new Set(inc.releases.map((r) => r.approvalId));
  return (
    <ul className="release-points" data-testid="release-points">
      {docs.map((versions) => {
        const latest = versions[0]!;
        return (
          <li
            key={latest.documentId}
            data-testid="release-points-doc"
            data-document-id={latest.documentId}
            data-version={latest.version}
            data-status={latest.status}
          >
            <Space wrap size={4}>
              <Typography.Text strong>{latest.title}</Typography.Text>
              <Typography.Text>{t('approval.version', { n: latest.version })}</Typography.Text>
              <KindTag kind={pointsContent(latest).kind} />
              <ApprovalStatusTag status={latest.status} />
              {publishable.has(latest.id) ? (
                <Tag color="blue" data-testid="release-points-publishable">
                  {t('release.desk.publishable')}
                </Tag>
              ) : null}
              {published.has(latest.id) ? (
                <Tag color="green">{t('release.versions.published')}</Tag>
              ) : null}
              {latest.decision ? (
                <Typography.Text type="secondary">
                  {t('release.desk.decided', {
                    name: nameOf(view, latest.decision.decidedBy),
                    at: formatTime(latest.decision.decidedAt, lang),
                  })}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {t('approval.submittedBy', {
                    name: nameOf(view, latest.submittedBy),
                    at: formatTime(latest.submittedAt, lang),
                  })}
                </Typography.Text>
              )}
              {revisable(latest, latest) ? reviseButton(latest) : null}
            </Space>
          </li>
        );
      })}
    </ul>
  );
}
