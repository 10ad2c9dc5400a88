// One mention in full: every field, the pipeline's reading of it (sentiment, places, risk,
// schemes, keywords, its similar-article group), and the original text as plain text with its
// line breaks kept. The text is untrusted content that may hold markup: React puts it in the
// page as a text node, so nothing in it is parsed or run.
import { LinkOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import type { Mention, MentionAnalysis } from '../../api/types.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatCount, formatTime, httpUrl, labelOr } from '../../lib/format.ts';
import { riskName, SentimentTag, type RiskNames } from './analysis-tags.tsx';

const METRICS = ['reposts', 'comments', 'likes', 'views'] as const;

export function MentionDrawer({
  id,
  initial,
  riskNames,
  onOpen,
  onClose,
}: {
  id: string;
  /** The mention when the list on screen has it; otherwise it is fetched by id. */
  initial: Mention | undefined;
  riskNames: RiskNames;
  /** Opens another mention in the drawer (the first copy of a similar article). */
  onOpen: (id: string) => void;
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
      {mention ? <MentionDetail mention={mention} riskNames={riskNames} onOpen={onOpen} /> : null}
    </Drawer>
  );
}

function MentionDetail({
  mention: m,
  riskNames,
  onOpen,
}: {
  mention: Mention;
  riskNames: RiskNames;
  onOpen: (id: string) => void;
}) {
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
        <Typography.Title level={5}>{t('mentions.analysis.title')}</Typography.Title>
        {m.analysis ? (
          <AnalysisDetail analysis={m.analysis} riskNames={riskNames} onOpen={onOpen} />
        ) : (
          <Typography.Text type="secondary" data-testid="drawer-not-analysed">
            {t('mentions.analysis.none')}
          </Typography.Text>
        )}
      </div>
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

function AnalysisDetail({
  analysis: a,
  riskNames,
  onOpen,
}: {
  analysis: MentionAnalysis;
  riskNames: RiskNames;
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const none = t('common.none');
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="drawer-analysis"
      items={[
        {
          key: 'sentiment',
          label: t('mentions.analysis.sentiment'),
          children: <SentimentTag sentiment={a.sentiment} />,
        },
        {
          key: 'regions',
          label: t('mentions.analysis.regions'),
          children: a.regions.length ? (
            <Space size={4} wrap>
              {a.regions.map((r) => (
                <Tag key={`${r.adcode}:${r.name}`} color="cyan" title={r.path.join(' › ')}>
                  {r.name} <span className="tag-code">{r.adcode}</span>
                </Tag>
              ))}
            </Space>
          ) : (
            none
          ),
        },
        {
          key: 'risk',
          label: t('mentions.analysis.risk'),
          children: (
            <Space orientation="vertical" size={4}>
              <span data-testid="drawer-risk-score">
                {t('mentions.analysis.riskScore', { score: a.risk.score.toFixed(2) })}
              </span>
              {a.risk.categories.map((c) => (
                <span key={c.id}>
                  <Tag color="volcano">{riskName(riskNames, c.id, lang)}</Tag>
                  {c.terms.join('、')}
                </span>
              ))}
            </Space>
          ),
        },
        {
          key: 'schemes',
          label: t('mentions.analysis.schemes'),
          children: a.schemes.length ? (
            <Space size={4} wrap>
              {a.schemes.map((s) => (
                <Tag key={s.id} color="geekblue">
                  {s.name}
                </Tag>
              ))}
            </Space>
          ) : (
            none
          ),
        },
        {
          key: 'keywords',
          label: t('mentions.analysis.keywords'),
          children: a.keywords.length ? (
            <Space size={4} wrap data-testid="drawer-keywords">
              {a.keywords.map((k) => (
                <Tag key={k}>{k}</Tag>
              ))}
            </Space>
          ) : (
            none
          ),
        },
        {
          key: 'group',
          label: t('mentions.analysis.group'),
          children: (
            <Space orientation="vertical" size={4} data-testid="drawer-group">
              <span>{t('mentions.analysis.groupSize', { n: a.group.size })}</span>
              {a.group.dup_of ? (
                <span>
                  {t(
                    a.group.dup_kind === 'exact'
                      ? 'mentions.analysis.dupExact'
                      : 'mentions.analysis.dupNear',
                  )}{' '}
                  <Button
                    type="link"
                    size="small"
                    onClick={() => a.group.dup_of && onOpen(a.group.dup_of)}
                    data-testid="drawer-dup-of"
                  >
                    {t('mentions.analysis.openOriginal')}
                  </Button>
                </span>
              ) : a.group.size > 1 ? (
                <span>{t('mentions.analysis.isOriginal')}</span>
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );
}
