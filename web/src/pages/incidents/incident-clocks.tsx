// 处置时钟: each clock of the incident ([P7] never late, [P9] publish within the hour, [P10]
// report upward, tasks' deadlines) with what it measures, when it started, its target, a live
// countdown while it runs, when it was done (by the system's or a declared time), and for a
// breach how late it is and the reason a person gave (or a way to give one).
import { Button, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { Clock, IncidentView } from '../../api/incidents.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { ClockState } from './incident-tags.tsx';
import { nameOf } from './people.ts';

/** A clock's name in the UI language (a follow-up with its number, a task with its title). */
export function clockLabel(t: Translate, c: Clock, view: IncidentView): string {
  if (c.kind === 'follow_up')
    return t('incident.clock.kind.follow_up', { n: c.key.split(':')[1] ?? '' });
  if (c.kind === 'task') {
    const task = view.incident.tasks.find((k) => k.id === c.taskId);
    return task
      ? t('incident.clock.kind.taskNamed', { title: task.title })
      : t('incident.clock.kind.task');
  }
  return t(`incident.clock.kind.${c.kind}`);
}

export function ClocksSection({
  view,
  now,
  canExplain,
  onExplain,
}: {
  view: IncidentView;
  now: number;
  canExplain: boolean;
  onExplain: (clockKey: string) => void;
}) {
  const { t, lang } = useI18n();
  if (!view.clocks.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('incident.clock.none')}
        data-testid="clocks-empty"
      />
    );
  }
  return (
    <div className="incident-clocks" data-testid="incident-clocks">
      {view.clocks.map((c) => {
        const late =
          c.status === 'breached' || (c.status === 'running' && Date.parse(c.targetAt) < now);
        return (
          <div
            key={c.key}
            className={late ? 'incident-clock incident-clock-late' : 'incident-clock'}
            data-testid="clock"
            data-key={c.key}
            data-kind={c.kind}
            data-status={c.status}
          >
            <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong data-testid="clock-label">
                {clockLabel(t, c, view)}
              </Typography.Text>
              <ClockState clock={c} now={now} />
            </Space>
            <Typography.Paragraph type="secondary" className="incident-clock-help">
              {t(`incident.clockHelp.${c.kind}`)}
            </Typography.Paragraph>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'start',
                  label: t('incident.clock.start'),
                  children: formatTime(c.startAt, lang),
                },
                {
                  key: 'target',
                  label: t('incident.clock.target'),
                  children: formatTime(c.targetAt, lang),
                },
                ...(c.doneAt
                  ? [
                      {
                        key: 'done',
                        label: t('incident.clock.done'),
                        children: (
                          <span data-testid="clock-done">
                            {formatTime(c.doneAt, lang)}{' '}
                            <Tag>
                              {c.doneBasis === 'declared'
                                ? t('incident.clock.basisDeclared')
                                : t('incident.clock.basisSystem')}
                            </Tag>
                          </span>
                        ),
                      },
                    ]
                  : []),
                ...(c.stoppedAt
                  ? [
                      {
                        key: 'stopped',
                        label: t('incident.clock.stoppedAt'),
                        children: formatTime(c.stoppedAt, lang),
                      },
                    ]
                  : []),
              ]}
            />
            {c.explanation ? (
              <div className="incident-clock-explanation" data-testid="clock-explanation">
                <Typography.Text type="secondary">
                  {t('incident.clock.explained', {
                    name: nameOf(view, c.explanation.by),
                    at: formatTime(c.explanation.at, lang),
                  })}
                </Typography.Text>
                <div>{c.explanation.reason}</div>
              </div>
            ) : late ? (
              <Space>
                <Typography.Text type="danger" data-testid="clock-unexplained">
                  {t('incident.clock.unexplained')}
                </Typography.Text>
                {canExplain ? (
                  <Button size="small" onClick={() => onExplain(c.key)} data-testid="clock-explain">
                    {t('incident.action.explain_breach')}
                  </Button>
                ) : null}
              </Space>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
