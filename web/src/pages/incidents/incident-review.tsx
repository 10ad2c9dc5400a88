// The 总结评估 tab of an incident ([P17]): the review generated from the record (every clock
// against its target, reports upward, statements with their events' curves, tasks) with the
// office's assessment; where it stands (no report yet, awaiting the group, approved); the
// office's buttons to write or revise the review report and to archive; downloads as Word and
// as a page. Reloaded whenever the incident changes (its revision).
import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useCallback } from 'react';
import { incidentsApi, type IncidentView } from '../../api/incidents.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { ReportDocumentView } from '../../components/report-document-view.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function ReviewSection({
  view,
  canSubmit,
  canRevise,
  canArchive,
  onSubmit,
  onRevise,
  onArchive,
}: {
  view: IncidentView;
  canSubmit: boolean;
  canRevise: boolean;
  canArchive: boolean;
  onSubmit: () => void;
  onRevise: (approvalId: string) => void;
  onArchive: () => void;
}) {
  const { t } = useI18n();
  const inc = view.incident;
  const revision = inc.revision;
  const load = useCallback(
    (signal: AbortSignal) => incidentsApi.review(inc.id, signal),
    // The review follows the record: load again when the incident moves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [inc.id, revision],
  );
  const review = useApi(load);
  const latest = review.data?.review.latest ?? null;
  const approved = review.data?.review.approvedApprovalId ?? null;
  const underReview = inc.state === 'under_review';

  const status = !latest
    ? t(underReview ? 'incident.review.none' : 'incident.review.notStarted')
    : approved
      ? t('incident.review.approved', { n: latest.version })
      : t(`incident.review.status.${latest.status}`, { n: latest.version });

  return (
    <div data-testid="incident-review">
      <Alert
        type={approved ? 'success' : latest ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        title={status}
        description={
          <Space wrap>
            {underReview && !latest && canSubmit ? (
              <Button type="primary" data-testid="review-write" onClick={onSubmit}>
                {t('incident.review.write')}
              </Button>
            ) : null}
            {underReview && latest && canRevise ? (
              <Button data-testid="review-revise" onClick={() => onRevise(latest.approvalId)}>
                {t('incident.review.revise')}
              </Button>
            ) : null}
            {underReview && approved && canArchive ? (
              <Button type="primary" data-testid="review-archive" onClick={onArchive}>
                {t('incident.action.archive')}
              </Button>
            ) : null}
            <Button
              icon={<DownloadOutlined />}
              href={incidentsApi.reviewDocxUrl(inc.id)}
              data-testid="review-docx"
            >
              {t('incident.review.docx')}
            </Button>
            <Button
              icon={<ExportOutlined />}
              href={incidentsApi.reviewHtmlUrl(inc.id)}
              target="_blank"
              rel="noopener"
              data-testid="review-html"
            >
              {t('incident.review.html')}
            </Button>
          </Space>
        }
      />
      {review.error ? (
        <LoadError error={review.error} onRetry={review.reload} />
      ) : review.data ? (
        <ReportDocumentView doc={review.data.document} testId="review-document" />
      ) : (
        <Loading />
      )}
    </div>
  );
}
