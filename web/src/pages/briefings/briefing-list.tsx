// The briefings one may read, newest first, by kind: issue, title, period, how and when each was
// made; preview and Word download per row; 生成简报 for those who may make one.
import { DownloadOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDate, formatTime } from '../../lib/format.ts';
import {
  BRIEFING_KINDS,
  briefingsApi,
  docxUrl,
  type BriefingKind,
  type BriefingSummary,
} from './api.ts';
import { GenerateModal } from './generate-modal.tsx';
import { PreviewDrawer } from './preview-drawer.tsx';

const KIND_COLOR: Record<BriefingKind, string> = {
  daily: 'blue',
  weekly: 'cyan',
  monthly: 'geekblue',
  special: 'volcano',
};

export function BriefingList() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [kind, setKind] = useState<BriefingKind | 'all'>('all');
  const [generating, setGenerating] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const paging = useCursorPaging();
  const { cursor } = paging;
  const load = useCallback(
    (signal: AbortSignal) =>
      briefingsApi.list({ kind: kind === 'all' ? null : kind, cursor, signal }),
    [kind, cursor],
  );
  const list = useApi(load);

  const period = (b: BriefingSummary) => {
    if (!b.periodStart || !b.periodEnd)
      return b.subject?.kind === 'incident'
        ? t('briefings.generate.subject.incident')
        : t('briefings.generate.subject.event');
    const end = new Date(Date.parse(b.periodEnd) - 1).toISOString();
    const from = formatDate(b.periodStart, lang);
    const to = formatDate(end, lang);
    return from === to ? from : `${from} – ${to}`;
  };

  const columns: TableColumnsType<BriefingSummary> = [
    {
      title: t('briefings.col.issue'),
      width: 170,
      render: (_, b) => (
        <Space size={4}>
          <Tag color={KIND_COLOR[b.kind]}>{t(`briefings.kind.${b.kind}`)}</Tag>
          <span>{t('briefings.issue', { year: b.year, n: b.issueNo })}</span>
        </Space>
      ),
    },
    {
      title: t('briefings.col.title'),
      render: (_, b) => (
        <div>
          <Typography.Link onClick={() => setPreview(b.id)} data-testid="briefing-title">
            {b.title}
          </Typography.Link>
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2 }}
            style={{ marginBottom: 0, fontSize: 12 }}
          >
            {b.summary}
          </Typography.Paragraph>
        </div>
      ),
    },
    { title: t('briefings.col.period'), width: 190, render: (_, b) => period(b) },
    {
      title: t('briefings.col.trigger'),
      width: 140,
      render: (_, b) =>
        b.trigger === 'manual'
          ? t('briefings.trigger.manual', { name: b.generatedBy.name })
          : t(`briefings.trigger.${b.trigger}`),
    },
    {
      title: t('briefings.col.generatedAt'),
      width: 160,
      render: (_, b) => formatTime(b.generatedAt, lang),
    },
    {
      title: t('briefings.col.actions'),
      width: 200,
      render: (_, b) => (
        <Space>
          <Button
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setPreview(b.id)}
            data-testid="briefing-preview-open"
          >
            {t('briefings.preview')}
          </Button>
          <Button size="small" icon={<DownloadOutlined />} href={docxUrl(b.id)}>
            Word
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }} wrap>
        <Segmented<BriefingKind | 'all'>
          value={kind}
          onChange={(k) => {
            setKind(k);
            paging.reset();
          }}
          options={[
            { value: 'all', label: t('briefings.kind.all') },
            ...BRIEFING_KINDS.map((k) => ({ value: k, label: t(`briefings.kind.${k}`) })),
          ]}
          data-testid="briefing-kind-filter"
        />
        {may(me, 'briefing.create') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setGenerating(true)}
            data-testid="briefing-generate"
          >
            {t('briefings.generate')}
          </Button>
        ) : null}
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<BriefingSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('briefings.empty')} /> }}
        data-testid="briefing-table"
      />
      <CursorPager paging={paging} nextCursor={list.data?.next_cursor} loading={list.loading} />
      <GenerateModal
        open={generating}
        onClose={() => setGenerating(false)}
        onMade={(b) => {
          setGenerating(false);
          list.reload();
          setPreview(b.id);
        }}
      />
      <PreviewDrawer id={preview} onClose={() => setPreview(null)} />
    </>
  );
}
