// The incident's records by subject: 任务 (tasks with their unit, deadline and feedback),
// 上报 (reports to the superior authority: 首报/续报/终报 with their receipts), 调查督办 (who
// handles it, the leader in charge, the commander, and the investigation's facts, plan and
// progress) and 对外联系 (contacts with outside bodies; statements have their own tab). Each shows
// the system time and the declared time apart; a step the server offers is a button here.
import { CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import type { IncidentView } from '../../api/incidents.ts';
import type { Me, Unit } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime, unitName } from '../../lib/format.ts';
import { formatSpan } from '../alerts/alert-tags.tsx';
import { RecordTimes } from './incident-tags.tsx';
import { nameOf } from './people.ts';

/** One record of a list: a title line with its buttons at the right, and what it says. */
function RecordItem({
  title,
  actions,
  children,
  ...rest
}: {
  title: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
} & Omit<HTMLAttributes<HTMLDivElement>, 'title'> &
  Record<`data-${string}`, string>) {
  return (
    <div className="record-item" {...rest}>
      <div className="record-item-head">
        <div className="record-item-title">{title}</div>
        {actions ? <div>{actions}</div> : null}
      </div>
      {children ? <div className="record-item-body">{children}</div> : null}
    </div>
  );
}

function useUnitName(units: readonly Unit[]) {
  const { lang } = useI18n();
  const byId = new Map(units.map((u) => [u.id, u]));
  return (id: string) => {
    const u = byId.get(id);
    return u ? unitName(u, lang) : `${id.slice(0, 8)}…`;
  };
}

export function TasksSection({
  view,
  me,
  units,
  now,
  canFeedback,
  onFeedback,
}: {
  view: IncidentView;
  me: Me;
  units: readonly Unit[];
  now: number;
  canFeedback: boolean;
  onFeedback: (taskId: string) => void;
}) {
  const { t, lang } = useI18n();
  const unit = useUnitName(units);
  const tasks = view.incident.tasks;
  if (!tasks.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.task.none')} />;
  return (
    <div data-testid="incident-tasks">
      {tasks.map((k) => {
        const left = Date.parse(k.deadline) - now;
        return (
          <RecordItem
            key={k.id}
            data-testid="task"
            data-task-id={k.id}
            data-done={k.completedAt ? 'true' : 'false'}
            actions={
              canFeedback && !k.completedAt && me.kind === 'user' && k.unitId === me.unit.id ? (
                <Button size="small" onClick={() => onFeedback(k.id)} data-testid="task-feedback">
                  {t('incident.action.task_feedback')}
                </Button>
              ) : null
            }
            title={
              <Space wrap>
                <Typography.Text strong>{k.title}</Typography.Text>
                <Tag>{unit(k.unitId)}</Tag>
                {k.completedAt ? (
                  <Tag color="green" icon={<CheckCircleFilled />}>
                    {t('incident.task.done')}
                  </Tag>
                ) : left >= 0 ? (
                  <Tag icon={<ClockCircleOutlined />}>
                    {t('incident.clock.left', { span: formatSpan(t, left) })}
                  </Tag>
                ) : (
                  <Tag color="red">
                    {t('incident.clock.overdue', { span: formatSpan(t, -left) })}
                  </Tag>
                )}
              </Space>
            }
          >
            {k.detail ? <div className="incident-pre">{k.detail}</div> : null}
            <Typography.Text type="secondary">
              {t('incident.task.given', {
                name: nameOf(view, k.createdBy),
                at: formatTime(k.createdAt, lang),
                deadline: formatTime(k.deadline, lang),
              })}
            </Typography.Text>
            {k.feedback.length ? (
              <ul className="incident-feedback" data-testid="task-feedback-list">
                {k.feedback.map((f) => (
                  <li key={f.entryId}>
                    {f.complete ? <Tag color="green">{t('incident.task.completing')}</Tag> : null}
                    <span className="incident-pre">{f.note}</span>{' '}
                    <Typography.Text type="secondary">{nameOf(view, f.by)}</Typography.Text>
                    <RecordTimes at={f.at} declaredAt={f.declaredAt} />
                  </li>
                ))}
              </ul>
            ) : null}
          </RecordItem>
        );
      })}
    </div>
  );
}

export function ReportsSection({
  view,
  canReceipt,
  onReceipt,
}: {
  view: IncidentView;
  canReceipt: boolean;
  onReceipt: (reportId: string) => void;
}) {
  const { t, lang } = useI18n();
  const reports = view.incident.reports;
  if (!reports.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.report.none')} />;
  return (
    <Space
      orientation="vertical"
      size={12}
      style={{ width: '100%' }}
      data-testid="incident-reports"
    >
      {reports.map((r) => (
        <Card
          key={r.id}
          size="small"
          data-testid="report"
          data-kind={r.kind}
          title={
            <Space wrap>
              <Tag color={r.kind === 'first' ? 'red' : r.kind === 'final' ? 'purple' : 'blue'}>
                {t(`incident.report.${r.kind}`)}
              </Tag>
              <span>{t('incident.report.to', { recipient: r.recipient })}</span>
              {r.channel ? (
                <Typography.Text type="secondary">（{r.channel}）</Typography.Text>
              ) : null}
            </Space>
          }
          extra={
            r.receipt ? (
              <Tag color="green" data-testid="report-receipt">
                {t('incident.report.received')}
              </Tag>
            ) : canReceipt ? (
              <Button
                size="small"
                onClick={() => onReceipt(r.id)}
                data-testid="report-record-receipt"
              >
                {t('incident.action.record_receipt')}
              </Button>
            ) : (
              <Tag>{t('incident.report.noReceipt')}</Tag>
            )
          }
        >
          <div className="incident-pre">{r.summary}</div>
          <Typography.Text type="secondary">{nameOf(view, r.by)}</Typography.Text>
          <RecordTimes at={r.at} declaredAt={r.declaredAt} />
          {r.receipt ? (
            <div className="incident-receipt">
              {t('incident.report.receipt', {
                by: r.receipt.receivedBy,
                reference: r.receipt.reference ?? t('common.none'),
              })}
              <RecordTimes at={r.receipt.at} declaredAt={r.receipt.declaredAt} />
            </div>
          ) : null}
          <Typography.Text type="secondary" className="incident-small">
            {t('incident.report.reportedAt', { at: formatTime(r.declaredAt ?? r.at, lang) })}
          </Typography.Text>
        </Card>
      ))}
    </Space>
  );
}

export function TeamSection({ view, units }: { view: IncidentView; units: readonly Unit[] }) {
  const { t } = useI18n();
  const unit = useUnitName(units);
  const inc = view.incident;
  const h = inc.handler;
  const notes = inc.investigation;
  return (
    <div data-testid="incident-team">
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'handler',
            label: t('incident.team.handler'),
            children: !h ? (
              <Typography.Text type="secondary" data-testid="handler-none">
                {t('incident.team.noHandler')}
              </Typography.Text>
            ) : h.kind === 'team' ? (
              <div data-testid="handler" data-kind="team">
                <Typography.Text strong data-testid="handler-name">
                  {t('incident.team.teamName', { name: h.name })}
                </Typography.Text>
                <div>{t('incident.team.teamLeader', { name: nameOf(view, h.leaderId) })}</div>
                <div data-testid="handler-members">
                  {t('incident.team.teamMembers', {
                    names: h.memberIds.map((id) => nameOf(view, id)).join('、'),
                  })}
                </div>
              </div>
            ) : (
              <span data-testid="handler" data-kind="division">
                {t('incident.team.division', { unit: unit(h.unitId) })}
              </span>
            ),
          },
          {
            key: 'leader',
            label: t('incident.field.leaderInCharge'),
            children: inc.leaderInChargeId ? nameOf(view, inc.leaderInChargeId) : t('common.none'),
          },
          {
            key: 'commander',
            label: t('incident.field.commander'),
            children: inc.commanderId ? nameOf(view, inc.commanderId) : t('common.none'),
          },
          ...(inc.regradeRequest
            ? [
                {
                  key: 'regrade',
                  label: t('incident.team.regrade'),
                  children: (
                    <div>
                      <div className="incident-pre">{inc.regradeRequest.reason}</div>
                      <RecordTimes
                        at={inc.regradeRequest.at}
                        declaredAt={inc.regradeRequest.declaredAt}
                      />
                    </div>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('incident.team.notes')}
      </Typography.Title>
      {notes.length ? (
        <div data-testid="investigation-notes">
          {notes.map((n) => (
            <RecordItem
              key={n.entryId}
              data-testid="investigation-note"
              data-kind={n.kind}
              title={
                <Space>
                  <Tag color={n.kind === 'facts' ? 'blue' : n.kind === 'plan' ? 'purple' : 'cyan'}>
                    {t(`incident.note.${n.kind}`)}
                  </Tag>
                  <Typography.Text type="secondary">{nameOf(view, n.by)}</Typography.Text>
                </Space>
              }
            >
              <div className="incident-pre">{n.text}</div>
              <RecordTimes at={n.at} declaredAt={n.declaredAt} />
            </RecordItem>
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.team.noNotes')} />
      )}
    </div>
  );
}

export function ContactsSection({ view }: { view: IncidentView }) {
  const { t } = useI18n();
  const { contacts } = view.incident;
  return (
    <div data-testid="incident-contacts">
      {contacts.length ? (
        <div>
          {contacts.map((c) => (
            <RecordItem
              key={c.id}
              data-testid="contact"
              title={
                <Space wrap>
                  <Tag>{t(`contactKind.${c.contactKind}`)}</Tag>
                  <Typography.Text strong>{c.organisation}</Typography.Text>
                  {c.person ? <span>{c.person}</span> : null}
                  <Typography.Text type="secondary">{nameOf(view, c.by)}</Typography.Text>
                </Space>
              }
            >
              <div className="incident-pre">{c.shared}</div>
              <RecordTimes at={c.at} declaredAt={c.declaredAt} />
            </RecordItem>
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.contact.none')} />
      )}
    </div>
  );
}
