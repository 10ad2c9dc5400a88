// 时间线: every step of the incident in the order it was recorded, each with its system time
// (the server's clock, never edited) and, apart, the time a person declared it happened;
// a corrected declared time shows every correction (before, after, who, why). Pinned entries
// come first, in pin order, and are marked where they stand in the timeline.
import { PushpinFilled, PushpinOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { IncidentView, TimelineItem } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime, labelOr } from '../../lib/format.ts';
import { RecordTimes } from './incident-tags.tsx';

export function TimelineSection({
  view,
  canPin,
  onPin,
}: {
  view: IncidentView;
  canPin: boolean;
  onPin: (entryId: string, pinned: boolean) => void;
}) {
  const { t } = useI18n();
  const byId = new Map(view.timeline.map((e) => [e.id, e]));
  const pinned = view.incident.pinned
    .map((id) => byId.get(id))
    .filter((e): e is TimelineItem => e !== undefined);
  if (!view.timeline.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="incident-timeline">
      {pinned.length ? (
        <div className="timeline-pinned" data-testid="timeline-pinned">
          <Typography.Text strong>
            <PushpinFilled /> {t('incident.timeline.pinnedTitle')}
          </Typography.Text>
          {pinned.map((e) => (
            <div key={e.id} className="timeline-pinned-item" data-testid="pinned-item">
              <Entry e={e} canPin={canPin} onPin={onPin} />
            </div>
          ))}
        </div>
      ) : null}
      <Timeline
        items={view.timeline.map((e) => ({
          key: e.id,
          color: e.pinned ? 'red' : e.kind === 'approval_decided' ? 'green' : 'blue',
          content: <Entry e={e} canPin={canPin} onPin={onPin} />,
        }))}
      />
    </div>
  );
}

function Entry({
  e,
  canPin,
  onPin,
}: {
  e: TimelineItem;
  canPin: boolean;
  onPin: (entryId: string, pinned: boolean) => void;
}) {
  const { t, lang } = useI18n();
  return (
    <div
      className="timeline-entry"
      data-testid="timeline-item"
      data-kind={e.kind}
      data-pinned={e.pinned ? 'true' : 'false'}
    >
      <Space size={[6, 2]} wrap>
        {e.pinned ? (
          <Tag color="red" icon={<PushpinFilled />} data-testid="timeline-pin-mark">
            {t('incident.timeline.pinned')}
          </Tag>
        ) : null}
        <Typography.Text strong data-testid="timeline-summary">
          {e.summary}
        </Typography.Text>
        <Tag>{labelOr(t, `incident.kind.${e.kind}`, e.kind)}</Tag>
        <Typography.Text type="secondary">{e.actorName}</Typography.Text>
        {canPin && e.kind !== 'pin' ? (
          <Tooltip title={e.pinned ? t('incident.timeline.unpin') : t('incident.timeline.pin')}>
            <Button
              size="small"
              type="text"
              icon={e.pinned ? <PushpinFilled /> : <PushpinOutlined />}
              onClick={() => onPin(e.id, !e.pinned)}
              data-testid="timeline-pin"
              aria-label={e.pinned ? t('incident.timeline.unpin') : t('incident.timeline.pin')}
            />
          </Tooltip>
        ) : null}
      </Space>
      <RecordTimes
        at={e.at}
        declaredAt={e.effectiveDeclaredAt}
        corrected={e.corrections.length > 0}
      />
      {e.corrections.length ? (
        <ul className="timeline-corrections" data-testid="timeline-corrections">
          {e.corrections.map((c) => (
            <li key={c.id}>
              {t('incident.timeline.correction', {
                name: c.actorName,
                at: formatTime(c.at, lang),
                before: c.before ? formatTime(c.before, lang) : t('incident.timeline.noTime'),
                after: formatTime(c.after, lang),
                reason: c.reason,
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
