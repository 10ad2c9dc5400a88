// A statement's publications, one per channel: how it goes out (its adapter, or by hand), its
// state (sending, published, failed, awaiting a proof), attempts and the last error, where it
// appeared and the screenshot proving it. The office sends a failed one again and records the
// proof of one awaiting it (or failed: done by hand instead).
import { CameraOutlined, RedoOutlined } from '@ant-design/icons';
import { App, Button, Image, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatTime, httpUrl } from '../../lib/format.ts';
import { ProofModal } from './proof-modal.tsx';
import { channelLabel } from './release-fields.tsx';
import { PublicationStatusTag } from './release-tags.tsx';
import { proofImageUrl, releasesApi, type PublicationItem } from './releases-api.ts';

export function PublicationsTable({
  publications,
  title,
  isOffice,
  onChanged,
}: {
  publications: readonly PublicationItem[];
  /** The statement's title (said in the proof form). */
  title: string;
  isOffice: boolean;
  onChanged: (p: PublicationItem) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [proving, setProving] = useState<PublicationItem | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  const retry = async (p: PublicationItem) => {
    setRetrying(p.id);
    try {
      const saved = await releasesApi.retry(p.id);
      void message.success(
        t('release.publication.retried', { channel: channelLabel(t, p.channel) }),
      );
      onChanged(saved);
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    } finally {
      setRetrying(null);
    }
  };

  const columns: TableColumnsType<PublicationItem> = [
    {
      title: t('release.publication.channel'),
      key: 'channel',
      render: (_v, p) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="publication-channel">{channelLabel(t, p.channel)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(p.adapter === 'manual' ? 'release.publication.manual' : 'release.publication.via', {
              adapter: p.adapter,
            })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('release.publication.status'),
      key: 'status',
      render: (_v, p) => (
        <Space orientation="vertical" size={0}>
          <PublicationStatusTag status={p.status} />
          {p.status === 'pending' && p.dueAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('release.publication.due', { at: formatTime(p.dueAt, lang) })}
            </Typography.Text>
          ) : null}
          {p.publishedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(p.publishedAt, lang)}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('release.publication.attempts'),
      key: 'attempts',
      align: 'right',
      render: (_v, p) => <span data-testid="publication-attempts">{p.attempts}</span>,
    },
    {
      title: t('release.publication.where'),
      key: 'url',
      render: (_v, p) => {
        const url = httpUrl(p.url);
        return (
          <Space orientation="vertical" size={2}>
            {url ? (
              <a
                href={url}
                target="_blank"
                rel="noreferrer noopener"
                data-testid="publication-url"
                style={{ wordBreak: 'break-all' }}
              >
                {url}
              </a>
            ) : null}
            {p.lastError ? (
              <Typography.Text type="danger" data-testid="publication-error">
                {p.lastError}
              </Typography.Text>
            ) : null}
            {p.detail && !p.lastError ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.detail}
              </Typography.Text>
            ) : null}
            {!url && !p.lastError && !p.detail ? t('common.none') : null}
          </Space>
        );
      },
    },
    {
      title: t('release.publication.proof'),
      key: 'proof',
      render: (_v, p) => {
        const src = proofImageUrl(p);
        return src && p.proof ? (
          <Image
            src={src}
            alt={p.proof.name}
            width={72}
            height={48}
            className="publication-proof"
            data-testid="publication-proof"
          />
        ) : (
          t('common.none')
        );
      },
    },
    ...(isOffice
      ? [
          {
            title: t('release.publication.actions'),
            key: 'actions',
            render: (_v: unknown, p: PublicationItem) => (
              <Space wrap>
                {p.status === 'failed' ? (
                  <Button
                    size="small"
                    icon={<RedoOutlined />}
                    loading={retrying === p.id}
                    onClick={() => void retry(p)}
                    data-testid="publication-retry"
                  >
                    {t('release.publication.retry')}
                  </Button>
                ) : null}
                {p.status === 'awaiting_proof' || p.status === 'failed' ? (
                  <Tooltip title={t('release.publication.proofHelp')}>
                    <Button
                      size="small"
                      type={p.status === 'awaiting_proof' ? 'primary' : 'default'}
                      icon={<CameraOutlined />}
                      onClick={() => setProving(p)}
                      data-testid="publication-record-proof"
                    >
                      {t('release.publication.recordProof')}
                    </Button>
                  </Tooltip>
                ) : null}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Table<PublicationItem>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={[...publications]}
        data-testid="publications"
        onRow={(p) =>
          ({
            'data-testid': 'publication',
            'data-channel': p.channel,
            'data-status': p.status,
          }) as HTMLAttributes<HTMLTableRowElement>
        }
        scroll={{ x: 'max-content' }}
      />
      {proving ? (
        <ProofModal
          publication={proving}
          title={title}
          onCancel={() => setProving(null)}
          onDone={(p) => {
            setProving(null);
            onChanged(p);
          }}
        />
      ) : null}
    </>
  );
}
