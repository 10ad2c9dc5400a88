// The feed tab: a search bar (words, source key, collected-time window, and the analysis
// filters: scheme, sentiment, region, risk category, similar articles folded), the mentions
// newest first by collection time, paged by next_cursor, and a drawer with one mention in full.
// The filters live in the address (so /mentions?scheme=ID is a link to a scheme's matches).
// Everything a post says is untrusted: it is shown as text, never as HTML.
import { LinkOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { api, type MentionFilter } from '../../api/client.ts';
import type { Mention, SentimentLabel } from '../../api/types.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatCount, formatTime, httpUrl } from '../../lib/format.ts';
import { GANSU_REGIONS } from '../../lib/gansu.ts';
import { type RiskNames } from './analysis-tags.tsx';
import { MentionContent } from './mention-content.tsx';
import { MentionDrawer } from './mention-drawer.tsx';

const PAGE_SIZE = 20;
const EXCERPT_CHARS = 120;
/** The search parameter that names the mention open in the drawer (a link can share it). */
export const MENTION_PARAM = 'mention';

const SENTIMENTS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const isSentiment = (v: string | null): v is SentimentLabel => SENTIMENTS.some((s) => s === v);

/** The address parameters the filters use (the drawer's and the tab's are left alone). */
const FILTER_PARAMS = [
  'q',
  'source',
  'since',
  'until',
  'scheme',
  'sentiment',
  'region',
  'risk',
  'fold',
] as const;

/** Only the filter's parameters of an address. */
function filterParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_PARAMS) {
    const v = params.get(k);
    if (v !== null) out.set(k, v);
  }
  return out;
}

interface SearchForm {
  q?: string;
  source?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  scheme?: string | null;
  sentiment?: SentimentLabel | null;
  region?: string | null;
  risk?: string | null;
  fold?: boolean;
}

/** The filter the address describes; similar articles are folded unless fold=0. */
export function filterFromParams(params: URLSearchParams): MentionFilter {
  const get = (k: string) => {
    const v = params.get(k)?.trim();
    return v ? v : undefined;
  };
  const sentiment = params.get('sentiment');
  const region = get('region');
  const out: MentionFilter = { fold: params.get('fold') !== '0' };
  const q = get('q');
  const source = get('source');
  const since = get('since');
  const until = get('until');
  const scheme = get('scheme');
  const risk = get('risk');
  if (q) out.q = q;
  if (source) out.source = source;
  if (since) out.since = since;
  if (until) out.until = until;
  if (scheme) out.scheme = scheme;
  if (isSentiment(sentiment)) out.sentiment = sentiment;
  if (region && /^\d{6}$/.test(region)) out.region = region;
  if (risk) out.risk = risk;
  return out;
}

function formFromFilter(f: MentionFilter): SearchForm {
  return {
    q: f.q ?? '',
    source: f.source ?? '',
    range:
      f.since || f.until
        ? [f.since ? dayjs(f.since) : null, f.until ? dayjs(f.until) : null]
        : null,
    scheme: f.scheme ?? null,
    sentiment: f.sentiment ?? null,
    region: f.region ?? null,
    risk: f.risk ?? null,
    fold: f.fold !== false,
  };
}

/** The address parameters of a filled-in search form (empty fields left out). */
function paramsFromForm(v: SearchForm): Record<string, string> {
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
    ...(v.scheme ? { scheme: v.scheme } : {}),
    ...(v.sentiment ? { sentiment: v.sentiment } : {}),
    ...(v.region ? { region: v.region } : {}),
    ...(v.risk ? { risk: v.risk } : {}),
    ...(v.fold === false ? { fold: '0' } : {}),
  };
}

export function FeedTab({ landed }: { landed: number }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<SearchForm>();
  const [params, setParams] = useSearchParams();
  // The filter's part of the address, so the list reloads only when the filter changes.
  const filterKey = filterParams(params).toString();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(filterKey)), [filterKey]);
  const paging = useCursorPaging();
  const { cursor, reset } = paging;

  // The form shows the filter in the address, also when a link or "back" changed it; a new
  // filter starts again at the first page.
  const shownKey = useRef(filterKey);
  useEffect(() => {
    form.setFieldsValue(formFromFilter(filter));
    if (shownKey.current !== filterKey) {
      shownKey.current = filterKey;
      reset();
    }
  }, [filter, filterKey, form, reset]);

  // What the selects offer: the schemes (archived too, so a link to one still reads) and the
  // risk categories of the lexicon in force.
  const loadOptions = useCallback(async (signal: AbortSignal) => {
    const [schemes, settings] = await Promise.all([
      api.schemes({ archived: true, signal }),
      api.analysisSettings(signal),
    ]);
    return { schemes: schemes.items, risk: settings.risk_lexicon.categories };
  }, []);
  const options = useApi(loadOptions);
  const riskNames: RiskNames = useMemo(
    () => new Map((options.data?.risk ?? []).map((c) => [c.id, c])),
    [options.data],
  );

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

  /** Puts a search in the address (keeping the drawer's and the tab's parameters). */
  const apply = (v: SearchForm) => {
    const wanted = paramsFromForm(v);
    const next = new URLSearchParams(params);
    for (const k of FILTER_PARAMS) next.delete(k);
    for (const [k, val] of Object.entries(wanted)) next.set(k, val);
    if (next.toString() === params.toString()) {
      // The same search again: fetch it again (new mentions may have come in).
      reload();
      return;
    }
    setParams(next);
  };
  const search = (v: SearchForm) => apply(v);
  const clear = () => {
    form.setFieldsValue(formFromFilter({ fold: true }));
    apply({ fold: true });
  };
  /** Selects and the fold switch apply at once; words and times on 搜索 (or Enter). */
  const onValuesChange = (changed: Partial<SearchForm>) => {
    const keys = Object.keys(changed);
    if (keys.some((k) => ['scheme', 'sentiment', 'region', 'risk', 'fold'].includes(k))) {
      apply(form.getFieldsValue(true) as SearchForm);
    }
  };

  const filtered = Object.keys(filter).some((k) => k !== 'fold');
  const items = mentions.data?.items ?? [];

  const count = (m: Mention, key: string) => (
    <span className="metric">{formatCount(m.metrics?.[key], lang)}</span>
  );

  const schemeOptions = (options.data?.schemes ?? []).map((sch) => ({
    value: sch.id,
    label: sch.archived_at ? `${sch.name} (${t('schemes.archived')})` : sch.name,
  }));
  // A scheme named by a link but not (or not yet) in the list still shows as something.
  if (filter.scheme && !schemeOptions.some((o) => o.value === filter.scheme))
    schemeOptions.push({ value: filter.scheme, label: filter.scheme });
  const riskOptions = (options.data?.risk ?? []).map((c) => ({
    value: c.id,
    label: lang === 'en' ? c.nameEn || c.name : c.name,
  }));
  if (filter.risk && !riskOptions.some((o) => o.value === filter.risk))
    riskOptions.push({ value: filter.risk, label: filter.risk });
  const regionOptions = GANSU_REGIONS.map((r) => ({
    value: r.adcode,
    label: lang === 'en' ? `${r.nameEn} ${r.adcode}` : `${r.name} ${r.adcode}`,
  }));

  const columns: TableColumnsType<Mention> = [
    {
      title: t('mentions.source'),
      key: 'source',
      width: 110,
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
      width: 110,
      render: (_v, m) => <span className="mention-author">{m.author ?? t('common.none')}</span>,
    },
    {
      title: t('mentions.content'),
      key: 'content',
      render: (_v, m) => (
        <MentionContent
          mention={m}
          riskNames={riskNames}
          excerptChars={EXCERPT_CHARS}
          testId="mention-content"
        />
      ),
    },
    {
      title: t('mentions.published'),
      key: 'published',
      width: 160,
      render: (_v, m) => formatTime(m.published_at, lang),
    },
    {
      title: t('mentions.collected'),
      key: 'collected',
      width: 160,
      render: (_v, m) => formatTime(m.collected_at, lang),
    },
    {
      title: t('mentions.reposts'),
      key: 'reposts',
      width: 64,
      align: 'right',
      render: (_v, m) => count(m, 'reposts'),
    },
    {
      title: t('mentions.comments'),
      key: 'comments',
      width: 64,
      align: 'right',
      render: (_v, m) => count(m, 'comments'),
    },
    {
      title: t('mentions.likes'),
      key: 'likes',
      width: 64,
      align: 'right',
      render: (_v, m) => count(m, 'likes'),
    },
    {
      title: t('mentions.link'),
      key: 'url',
      width: 96,
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
        initialValues={formFromFilter(filter)}
        onFinish={search}
        onValuesChange={onValuesChange}
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
        <Form.Item label={t('mentions.filter.scheme')} name="scheme">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('mentions.filter.any')}
            options={schemeOptions}
            style={{ width: 200 }}
            data-testid="filter-scheme"
          />
        </Form.Item>
        <Form.Item label={t('mentions.filter.sentiment')} name="sentiment">
          <Select
            allowClear
            placeholder={t('mentions.filter.any')}
            options={SENTIMENTS.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))}
            style={{ width: 110 }}
            data-testid="filter-sentiment"
          />
        </Form.Item>
        <Form.Item label={t('mentions.filter.region')} name="region">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('mentions.filter.any')}
            options={regionOptions}
            style={{ width: 190 }}
            data-testid="filter-region"
          />
        </Form.Item>
        <Form.Item label={t('mentions.filter.risk')} name="risk">
          <Select
            allowClear
            placeholder={t('mentions.filter.any')}
            options={riskOptions}
            style={{ width: 150 }}
            data-testid="filter-risk"
          />
        </Form.Item>
        <Form.Item label={t('mentions.filter.fold')} name="fold" valuePropName="checked">
          <Switch data-testid="filter-fold" />
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
        scroll={{ x: 1150 }}
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
          riskNames={riskNames}
          onOpen={setOpenId}
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
