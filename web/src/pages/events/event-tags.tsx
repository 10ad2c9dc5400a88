// The small tags an event wears wherever it is listed: the suggested grade (重大 red, 一般 plain),
// the most authoritative voice that covered it, and its status.
import { Tag, Tooltip } from 'antd';
import type { EventSummary } from '../../api/event-types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { labelOr } from '../../lib/format.ts';

export function GradeTag({ grade }: { grade: EventSummary['suggested_grade'] }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t('event.grade.hint')}>
      <Tag color={grade === 'major' ? 'red' : undefined} data-testid="grade-tag" data-grade={grade}>
        {t(grade === 'major' ? 'event.grade.major' : 'event.grade.general')}
      </Tag>
    </Tooltip>
  );
}

export function AuthorityTag({ authority }: { authority: EventSummary['authority'] }) {
  const { t } = useI18n();
  if (!authority) return null;
  const tier = labelOr(t, `event.tier.${authority.tier}`, authority.tier);
  return (
    <Tag color="gold" data-testid="authority-tag" title={t('event.authority.hint')}>
      {tier}：{authority.name}
    </Tag>
  );
}

const STATUS_COLOR: Record<EventSummary['status'], string | undefined> = {
  open: 'blue',
  closed: undefined,
  merged: 'purple',
};

export function StatusTag({ status }: { status: EventSummary['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="event-status" data-status={status}>
      {t(`event.status.${status}`)}
    </Tag>
  );
}
