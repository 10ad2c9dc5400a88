// The feed tab: a search bar (keywords, source key, collected-time window), the mentions
// newest first by collection time, paged by next_cursor, and a drawer with one mention in
// full. Everything a post says is untrusted: it is shown as text, never as HTML.
import { LinkOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type MentionFilter } from '../../api/client.ts';
import type { Mention } from '../../api/types.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { excerpt, formatCount, formatTime, httpUrl } from '../../lib/format.ts';
import { MentionDrawer } from './mention-drawer.tsx';

const PAGE_SIZE = 20;
const EXCERPT_CHARS = 120;
/** The search parameter that names the mention open in the drawer (a link can share it). */
export const MENTION_PARAM = 'mention';

interface SearchForm {
  q?: string;
  source?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toFilter(v: SearchForm): MentionFilter {
  const q = v.q?.trim();
  const source = v.source?.trim();
  const [from, to] = v.range ?? [null, null];
  // The server stores collection times as UTC ISO strings and compares them as such, so the
  // window goes out in UTC too (toISOString: ISO 8601 with the Z offset).
  return {
    ...(q ? { q } : {}),
    ...(source ? { source } : {}),
    ...(from ? { since: from.toISOString() } : {}),
    ...(to ? { until: to.toISOString() } : {}),
  };
}

export function FeedTab({ landed }: { landed: number }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<SearchForm>();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<MentionFilter>({});
  const paging = useCursorPaging();
  const { cursor, reset } = paging;

  const load = useCallback(
    (signal: AbortSignal) => api.mentions({ ...filter, cursor, limit: PAGE_SIZE, signal }),
    [filter, cursor],
  );
  const mentions = useApi(load);
  const { reload } = mentions;
  useEffect(() => {
    if (landed > 0) reload();
  }, [landed, reload]);

  const openId = params.get(MENTION_PARAM);
  const setOpenId = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set(MENTION_PARAM, id);
        else next.delete(MENTION_PARAM);
        return next;
      },
      { replace: !id },
    );

  const search = (v: SearchForm) => {
    setFilter(toFilter(v));
    reset();
  };
  const clear = () => {
    form.resetFields();
    setFilter({});
    reset();
  };

  const filtered = Object.keys(filter).length > 0;
  const items = mentions.data?.items ?? [];

  const count = (m: Mention, key: string) => (
    <span className="metric">{formatCount(m.metrics?.[key], lang)}</span>
  );

  const columns: TableColumnsType<Mention> = [
    {
      title: t('mentions.source'),
      key: 'source',
      width: 140,
      render: (_v, m) => (
        <Space size={4} wrap>
          <Tag color="blue" title={m.source.key}>
            {m.source.name}
          </Tag>
          {m.is_demo ? (
            <Tag color="orange" data-testid="demo-tag">
              {t('mentions.demo')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('mentions.author'),
      key: 'author',
      width: 130,
      render: (_v, m) => <span className="mention-author">{m.author ?? t('common.none')}</span>,
    },
    {
      title: t('mentions.content'),
      key: 'content',
      render: (_v, m) =>
        m.title ? (
          <Typography.Text strong data-testid="mention-content">
            {m.title}
          </Typography.Text>
        ) : (
          <span data-testid="mention-content">{excerpt(m.text, EXCERPT_CHARS)}</span>
        ),
    },
    {
      title: t('mentions.published'),
      key: 'published',
      width: 170,
      render: (_v, m) => formatTime(m.published_at, lang),
    },
    {
      title: t('mentions.collected'),
      key: 'collected',
      width: 170,
      render: (_v, m) => formatTime(m.collected_at, lang),
    },
    {
      title: t('mentions.reposts'),
      key: 'reposts',
      width: 70,
      align: 'right',
      render: (_v, m) => count(m, 'reposts'),
    },
    {
      title: t('mentions.comments'),
      key: 'comments',
      width: 70,
      align: 'right',
      render: (_v, m) => count(m, 'comments'),
    },
    {
      title: t('mentions.likes'),
      key: 'likes',
      width: 70,
      align: 'right',
      render: (_v, m) => count(m, 'likes'),
    },
    {
      title: t('mentions.link'),
      key: 'url',
      width: 110,
      render: (_v, m) => {
        const href = httpUrl(m.url);
        return href ? (
          <a
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            title={href}
            onClick={(e) => e.stopPropagation()}
            className="nowrap"
            data-testid="mention-link"
          >
            <LinkOutlined /> {t('mentions.openLink')}
          </a>
        ) : (
          t('common.none')
        );
      },
    },
  ];

  // Functions, so that "now" is the moment the preset is chosen.
  const lastDays = (days: number) => (): [Dayjs, Dayjs] => [dayjs().subtract(days, 'day'), dayjs()];
  const presets = [
    { label: t('mentions.search.last24h'), value: lastDays(1) },
    { label: t('mentions.search.last7d'), value: lastDays(7) },
    { label: t('mentions.search.last30d'), value: lastDays(30) },
  ];

  return (
    <div data-testid="feed-tab">
      <Form<SearchForm>
        form={form}
        layout="inline"
        onFinish={search}
        className="mentions-search"
        data-testid="mentions-search"
      >
        <Form.Item label={t('mentions.search.q')} name="q">
          <Input
            allowClear
            maxLength={200}
            placeholder={t('mentions.search.qPlaceholder')}
            style={{ width: 260 }}
            data-testid="mentions-q"
          />
        </Form.Item>
        <Form.Item label={t('mentions.search.source')} name="source">
          <Input
            allowClear
            maxLength={100}
            placeholder={t('mentions.search.sourcePlaceholder')}
            style={{ width: 170 }}
            data-testid="mentions-source"
          />
        </Form.Item>
        <Form.Item label={t('mentions.search.time')} name="range">
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
            presets={presets}
            placeholder={[t('mentions.search.from'), t('mentions.search.to')]}
            data-testid="mentions-range"
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              data-testid="mentions-submit"
            >
              {t('mentions.search.submit')}
            </Button>
            <Button onClick={clear} data-testid="mentions-reset">
              {t('mentions.search.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {mentions.error ? <LoadError error={mentions.error} onRetry={mentions.reload} /> : null}
      <Table<Mention>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={mentions.loading}
        pagination={false}
        scroll={{ x: 1000 }}
        rowClassName={() => 'clickable-row'}
        onRow={(m) => ({
          onClick: () => setOpenId(m.id),
          onKeyDown: (e) => {
            if (e.key === 'Enter' && e.target === e.currentTarget) setOpenId(m.id);
          },
          tabIndex: 0,
        })}
        locale={{
          emptyText: !mentions.data ? (
            ' '
          ) : filtered || paging.page > 1 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mentions.noMatch')} />
          ) : (
            <FeedEmpty />
          ),
        }}
        data-testid="mentions-table"
      />
      <CursorPager
        paging={paging}
        nextCursor={mentions.data?.next_cursor}
        loading={mentions.loading}
      />
      {openId ? (
        <MentionDrawer
          id={openId}
          initial={items.find((m) => m.id === openId)}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </div>
  );
}

/** What an empty feed says: where mentions come from, and how to feed them in. */
function FeedEmpty() {
  const { t } = useI18n();
  const origin = window.location.origin;
  return (
    <div className="mentions-empty" data-testid="mentions-empty">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={<Typography.Text strong>{t('mentions.empty.title')}</Typography.Text>}
      />
      <Typography.Paragraph type="secondary">{t('mentions.empty.body')}</Typography.Paragraph>
      <ol>
        <li>
          <Typography.Paragraph>{t('mentions.empty.push')}</Typography.Paragraph>
          <pre className="code-sample">
            {`curl -X POST ${origin}/api/v1/ingest \\\n` +
              `  -H 'Authorization: Bearer TOKEN' -H 'Content-Type: application/json' \\\n` +
              `  -d '[{"source":"weibo","text":"…","url":"https://…","published_at":"2025-01-01T08:00:00+08:00"}]'`}
          </pre>
        </li>
        <li>
          <Typography.Paragraph>{t('mentions.empty.import')}</Typography.Paragraph>
          <pre className="code-sample">npx yuqing import posts.ndjson</pre>
        </li>
      </ol>
    </div>
  );
}
