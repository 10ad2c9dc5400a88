// One mention in full: every field, and the original text as plain text with its line breaks
// kept. The text is untrusted content that may hold markup: React puts it in the page as a
// text node, so nothing in it is parsed or run.
import { LinkOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import type { Mention } from '../../api/types.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatCount, formatTime, httpUrl, labelOr } from '../../lib/format.ts';

const METRICS = ['reposts', 'comments', 'likes', 'views'] as const;

export function MentionDrawer({
  id,
  initial,
  onClose,
}: {
  id: string;
  /** The mention when the list on screen has it; otherwise it is fetched by id. */
  initial: Mention | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const load = useCallback((signal: AbortSignal) => api.mention(id, signal), [id]);
  const fetched = useApi(initial ? null : load);
  const mention = initial ?? fetched.data;

  return (
    <Drawer
      open
      size={680}
      onClose={onClose}
      title={mention?.title ?? t('mentions.detail')}
      data-testid="mention-drawer"
    >
      {fetched.error && !initial ? <LoadError error={fetched.error} /> : null}
      {!mention && fetched.loading ? <Loading /> : null}
      {mention ? <MentionDetail mention={mention} /> : null}
    </Drawer>
  );
}

function MentionDetail({ mention: m }: { mention: Mention }) {
  const { t, lang } = useI18n();
  const href = httpUrl(m.url);
  const metrics = METRICS.filter((k) => typeof m.metrics?.[k] === 'number');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {m.is_demo ? (
        <Alert type="warning" showIcon title={t('mentions.demo')} data-testid="drawer-demo" />
      ) : null}
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'source',
            label: t('mentions.source'),
            children: (
              <Space size={4} wrap>
                <Tag color="blue">{m.source.name}</Tag>
                {m.source.key !== m.source.name ? (
                  <Typography.Text type="secondary" code>
                    {m.source.key}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'author',
            label: t('mentions.author'),
            children: <span data-testid="drawer-author">{m.author ?? t('common.none')}</span>,
          },
          {
            key: 'title',
            label: t('mentions.detailTitle'),
            children: m.title ?? t('common.none'),
          },
          {
            key: 'published',
            label: t('mentions.published'),
            children: formatTime(m.published_at, lang),
          },
          {
            key: 'collected',
            label: t('mentions.collected'),
            children: formatTime(m.collected_at, lang),
          },
          {
            key: 'metrics',
            label: t('mentions.detailMetrics'),
            children: metrics.length ? (
              <Space size="middle" wrap>
                {metrics.map((k) => (
                  <span key={k}>
                    {t(`mentions.${k}`)} {formatCount(m.metrics?.[k], lang)}
                  </span>
                ))}
              </Space>
            ) : (
              t('common.none')
            ),
          },
          {
            key: 'url',
            label: t('mentions.link'),
            children: href ? (
              <a href={href} target="_blank" rel="noopener noreferrer" className="break-all">
                <LinkOutlined /> {href}
              </a>
            ) : (
              (m.url ?? t('common.none'))
            ),
          },
          { key: 'region', label: t('mentions.region'), children: m.region ?? t('common.none') },
          {
            key: 'channel',
            label: t('mentions.channel'),
            children: labelOr(t, `channel.${m.channel}`, m.channel),
          },
          {
            key: 'external',
            label: t('mentions.externalId'),
            children: m.external_id ?? t('common.none'),
          },
          {
            key: 'id',
            label: t('mentions.id'),
            children: (
              <Typography.Text type="secondary" copyable className="hash">
                {m.id}
              </Typography.Text>
            ),
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('mentions.detailText')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('mentions.detailTextNote')}</Typography.Paragraph>
        <div className="mention-text" data-testid="mention-text">
          {m.text}
        </div>
      </div>
    </Space>
  );
}
