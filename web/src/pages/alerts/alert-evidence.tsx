// The evidence of an alert as copied when it fired (kept past retention): each post's author as
// published, source, times, title and text, the link to the original, and whether the page
// behind a web post was fetched for the record (readable here as text, never rendered).
import { FileTextOutlined, LinkOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { alertsApi, type AlertEvidence } from '../../api/alerts.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime, httpUrl } from '../../lib/format.ts';

const HTML_STATUS_COLOR: Record<AlertEvidence['html_status'], string | undefined> = {
  none: undefined,
  pending: 'processing',
  fetched: 'green',
  failed: 'red',
};

export function EvidenceList({
  alertId,
  evidence,
}: {
  alertId: string;
  evidence: readonly AlertEvidence[];
}) {
  const { t } = useI18n();
  const [page, setPage] = useState<AlertEvidence | null>(null);
  if (evidence.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.evidence.none')} />;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="evidence">
      {evidence.map((e) => (
        <EvidenceCard key={e.id} e={e} onPage={() => setPage(e)} />
      ))}
      {page ? <FetchedPage alertId={alertId} e={page} onClose={() => setPage(null)} /> : null}
    </Space>
  );
}

function EvidenceCard({ e, onPage }: { e: AlertEvidence; onPage: () => void }) {
  const { t, lang } = useI18n();
  const href = httpUrl(e.url);
  return (
    <Card size="small" className="alert-evidence" data-testid="evidence-item">
      <Space size={[8, 4]} wrap className="alert-evidence-head">
        <Typography.Text strong data-testid="evidence-author">
          {e.author ?? t('alerts.evidence.noAuthor')}
        </Typography.Text>
        {e.source_name ? <Tag color="blue">{e.source_name}</Tag> : null}
        <Typography.Text type="secondary">
          {t('alerts.evidence.published', { at: formatTime(e.published_at, lang) })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('alerts.evidence.collected', { at: formatTime(e.collected_at, lang) })}
        </Typography.Text>
      </Space>
      {e.title ? (
        <Typography.Paragraph strong style={{ margin: '6px 0 0' }}>
          {e.title}
        </Typography.Paragraph>
      ) : null}
      {/* Untrusted text: a text node with its line breaks, nothing parsed. */}
      <Typography.Paragraph
        className="alert-evidence-text"
        ellipsis={{
          rows: 6,
          expandable: 'collapsible',
          symbol: (open) => t(open ? 'alerts.evidence.less' : 'alerts.evidence.more'),
        }}
        data-testid="evidence-text"
      >
        {e.text}
      </Typography.Paragraph>
      <Space size={[12, 4]} wrap>
        {href ? (
          <Typography.Link
            href={href}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="evidence-link"
          >
            <LinkOutlined /> {t('alerts.evidence.original')}
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{t('alerts.evidence.noLink')}</Typography.Text>
        )}
        {e.html_status !== 'none' ? (
          <Tag color={HTML_STATUS_COLOR[e.html_status]} data-testid="evidence-html-status">
            {t(`alerts.evidence.html.${e.html_status}`, {
              at: formatTime(e.html_fetched_at, lang),
            })}
          </Tag>
        ) : null}
        {e.html_status === 'fetched' ? (
          <Button
            size="small"
            icon={<FileTextOutlined />}
            onClick={onPage}
            data-testid="evidence-html-open"
          >
            {t('alerts.evidence.viewPage')}
          </Button>
        ) : null}
        <Typography.Text type="secondary">
          {t('alerts.evidence.captured', { at: formatTime(e.captured_at, lang) })}
        </Typography.Text>
      </Space>
    </Card>
  );
}

function FetchedPage({
  alertId,
  e,
  onClose,
}: {
  alertId: string;
  e: AlertEvidence;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const load = useCallback(
    (signal: AbortSignal) => alertsApi.evidenceHtml(alertId, e.id, signal),
    [alertId, e.id],
  );
  const page = useApi(load);
  return (
    <Modal
      open
      width={900}
      title={t('alerts.evidence.pageTitle', { at: formatTime(e.html_fetched_at, lang) })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      data-testid="evidence-page"
    >
      <Typography.Paragraph type="secondary">{t('alerts.evidence.pageNote')}</Typography.Paragraph>
      {page.error ? <LoadError error={page.error} onRetry={page.reload} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data !== undefined ? <pre className="alert-page-text">{page.data}</pre> : null}
    </Modal>
  );
}
