// 审核 (the office): the queue of reports waiting for their review, oldest first with their
// age, where each stood against the monitored sources (the lead in minutes when the informant
// was first; "already found by the machine" suggested when a source had it first), and the
// reviewed ones, whose review can be changed (a new version; the history stays).
import { Button, Empty, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { informantsApi, type Assessment } from '../../api/informants.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatTime, httpUrl } from '../../lib/format.ts';
import { ReviewModal } from './review-modal.tsx';

const PAGE_SIZE = 20;

/** 3 分钟 / 5 小时 / 2 天: how long a report has waited. */
export function ageText(minutes: number, t: Translate): string {
  if (minutes < 60) return t('informants.age.minutes', { n: minutes });
  if (minutes < 48 * 60) return t('informants.age.hours', { n: Math.floor(minutes / 60) });
  return t('informants.age.days', { n: Math.floor(minutes / (24 * 60)) });
}

export function LeadTag({ lead }: { lead: Assessment['lead'] }) {
  const { t, lang } = useI18n();
  switch (lead.kind) {
    case 'lead':
      return (
        <Tooltip
          title={t('informants.lead.machineAt', { time: formatTime(lead.machine_at, lang) })}
        >
          <Tag color="green" data-testid="lead-tag" data-kind="lead">
            {t('informants.lead.minutes', { n: lead.minutes ?? 0 })}
          </Tag>
        </Tooltip>
      );
    case 'unmatched':
      return (
        <Tag color="green" data-testid="lead-tag" data-kind="unmatched">
          {t('informants.lead.unmatched')}
        </Tag>
      );
    case 'machine_first':
      return (
        <Tooltip
          title={t('informants.lead.machineAt', { time: formatTime(lead.machine_at, lang) })}
        >
          <Tag color="blue" data-testid="lead-tag" data-kind="machine_first">
            {t('informants.lead.machineFirst')}
          </Tag>
        </Tooltip>
      );
    case 'no_link':
      return (
        <Tag data-testid="lead-tag" data-kind="no_link">
          {t('informants.lead.noLink')}
        </Tag>
      );
  }
}

export function DecisionTag({ review }: { review: NonNullable<Assessment['review']> }) {
  const { t } = useI18n();
  const colour =
    review.decision === 'adopted' ? 'green' : review.decision === 'machine_found' ? 'blue' : 'red';
  return (
    <Tag color={colour} data-testid="decision-tag" data-decision={review.decision}>
      {t(`informants.decision.${review.decision}`)}
      {review.level ? ` · ${t(`informants.level.${review.level}`)}` : ''}
    </Tag>
  );
}

export function ReviewTab() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'pending' | 'reviewed'>('pending');
  const [editing, setEditing] = useState<Assessment | null>(null);
  const paging = useCursorPaging();
  const { cursor, reset } = paging;

  useEffect(() => {
    reset();
  }, [status, reset]);

  const load = useCallback(
    (signal: AbortSignal) =>
      informantsApi.assessments({ status, cursor, limit: PAGE_SIZE, signal }),
    [status, cursor],
  );
  const list = useApi(load);
  const { reload } = list;
  const items = list.data?.items ?? [];

  return (
    <div data-testid="review-tab">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Segmented<'pending' | 'reviewed'>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'pending', label: t('informants.review.pending') },
            { value: 'reviewed', label: t('informants.review.reviewed') },
          ]}
          data-testid="review-status"
        />
        <Typography.Text type="secondary">
          {t(
            status === 'pending'
              ? 'informants.review.pendingHelp'
              : 'informants.review.reviewedHelp',
          )}
        </Typography.Text>
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(
            status === 'pending'
              ? 'informants.review.emptyPending'
              : 'informants.review.emptyReviewed',
          )}
        />
      ) : null}
      <div className="report-items">
        {items.map((a) => (
          <AssessmentItem key={a.report.id} item={a} onReview={() => setEditing(a)} />
        ))}
      </div>
      {list.data && (paging.page > 1 || list.data.next_cursor) ? (
        <CursorPager paging={paging} nextCursor={list.data.next_cursor} loading={list.loading} />
      ) : null}
      {editing ? (
        <ReviewModal
          item={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      ) : null}
    </div>
  );
}

function AssessmentItem({ item, onReview }: { item: Assessment; onReview: () => void }) {
  const { t, lang } = useI18n();
  const r = item.report;
  const href = httpUrl(r.link);
  return (
    <article className="report-item" data-testid="assessment-item" data-id={r.id}>
      <div className="report-item-head">
        <Typography.Text type="secondary" className="nowrap">
          {formatTime(r.created_at, lang)}
        </Typography.Text>
        <Space size={4} wrap>
          <Typography.Text strong data-testid="assessment-reporter">
            {r.reporter.name}
          </Typography.Text>
          <Tag>{r.unit.name}</Tag>
          {item.review ? null : (
            <Tag color="orange" data-testid="assessment-age">
              {t('informants.review.waiting', { age: ageText(item.age_minutes, t) })}
            </Tag>
          )}
          <LeadTag lead={item.lead} />
          {item.suggestion && !item.review ? (
            <Tag color="blue" data-testid="assessment-suggestion">
              {t('informants.review.suggest', {
                decision: t(`informants.decision.${item.suggestion}`),
              })}
            </Tag>
          ) : null}
          {item.review ? <DecisionTag review={item.review} /> : null}
          {item.review ? (
            <Tag color="gold" data-testid="assessment-points">
              {t('informants.points', { n: item.points.total })}
            </Tag>
          ) : null}
        </Space>
      </div>
      <div className="report-text" data-testid="assessment-text">
        {r.text}
      </div>
      {r.link ? (
        <div className="report-line">
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer" className="break-all">
              {r.link}
            </a>
          ) : (
            <span className="break-all">{r.link}</span>
          )}
        </div>
      ) : null}
      {item.review ? (
        <div className="report-line">
          <Typography.Text type="secondary">
            {t('informants.review.by', {
              name: item.review.reviewer.name,
              time: formatTime(item.review.reviewed_at, lang),
              version: item.review.version,
            })}
            {item.review.reason
              ? ` · ${t('informants.review.reasonLine', { reason: item.review.reason })}`
              : ''}
          </Typography.Text>
        </div>
      ) : null}
      <div className="report-line">
        <Button
          size="small"
          type={item.review ? 'default' : 'primary'}
          onClick={onReview}
          data-testid="assessment-review"
        >
          {t(item.review ? 'informants.review.change' : 'informants.review.do')}
        </Button>
      </div>
    </article>
  );
}
