// One briefing: its issue, period and fingerprint, the HTML page as stored (in a sandboxed frame:
// no scripts, no access to this page), the Word download, and for those who manage briefings
// the e-mail to its subscribers.
import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { briefingsApi, docxUrl, htmlUrl } from './api.ts';

const STATUS_COLOR = { sent: 'green', pending: 'blue', failed: 'red' } as const;

export function PreviewDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const loadDetail = useCallback((signal: AbortSignal) => briefingsApi.get(id!, signal), [id]);
  const loadHtml = useCallback((signal: AbortSignal) => briefingsApi.html(id!, signal), [id]);
  const detail = useApi(id ? loadDetail : null);
  const html = useApi(id ? loadHtml : null);
  const b = detail.data;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={960}
      title={b ? `${b.title}（${b.subtitle}）` : t('briefings.previewTitle')}
      destroyOnHidden
      extra={
        id ? (
          <Space>
            <Button
              icon={<DownloadOutlined />}
              href={docxUrl(id)}
              type="primary"
              data-testid="briefing-download"
            >
              {t('briefings.download')}
            </Button>
            <Button icon={<ExportOutlined />} href={htmlUrl(id)} target="_blank" rel="noopener">
              {t('briefings.openHtml')}
            </Button>
          </Space>
        ) : null
      }
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {b ? (
        <Descriptions size="small" column={2} style={{ marginBottom: 16 }} bordered>
          <Descriptions.Item label={t('briefings.col.issue')}>
            {t('briefings.issue', { year: b.year, n: b.issueNo })}
          </Descriptions.Item>
          <Descriptions.Item label={t('briefings.col.generatedAt')}>
            {formatTime(b.generatedAt, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('briefings.col.trigger')}>
            {b.trigger === 'manual'
              ? t('briefings.trigger.manual', { name: b.generatedBy.name })
              : t(`briefings.trigger.${b.trigger}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('briefings.sha')}>
            <Typography.Text code copyable style={{ fontSize: 12 }}>
              {b.sha256.slice(0, 16)}…
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {b && b.deliveries.length > 0 ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          style={{ marginBottom: 16 }}
          title={() => t('briefings.deliveries')}
          dataSource={b.deliveries}
          columns={[
            { title: t('briefings.delivery.to'), render: (_, d) => d.name ?? d.address },
            { title: t('briefings.delivery.address'), dataIndex: 'address' },
            {
              title: t('briefings.delivery.status'),
              render: (_, d) => (
                <Tag color={STATUS_COLOR[d.status]}>{t(`briefings.delivery.${d.status}`)}</Tag>
              ),
            },
            { title: t('briefings.delivery.attempts'), dataIndex: 'attempts' },
            {
              title: t('briefings.delivery.error'),
              render: (_, d) => d.lastError ?? '—',
            },
          ]}
        />
      ) : null}
      {html.error ? <LoadError error={html.error} onRetry={html.reload} /> : null}
      {html.loading ? <Spin /> : null}
      {html.data ? (
        <iframe
          title={t('briefings.previewTitle')}
          // No scripts, no same-origin access: the page is shown, never run.
          sandbox=""
          srcDoc={html.data}
          data-testid="briefing-preview"
          style={{ width: '100%', height: '70vh', border: '1px solid #f0f0f0', background: '#fff' }}
        />
      ) : null}
    </Drawer>
  );
}
