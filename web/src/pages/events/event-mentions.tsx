// The mentions of an event, newest first, each opening in the mention drawer; for office and
// admin a selection and "拆分为新事件": the chosen mentions leave this event for a new one,
// after a confirmation (audited on the server).
import { ScissorOutlined } from '@ant-design/icons';
import { App, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { EventDetail } from '../../api/event-types.ts';
import { eventsApi } from '../../api/events.ts';
import type { Mention } from '../../api/types.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatCount, formatTime } from '../../lib/format.ts';
import type { RiskNames } from '../mentions/analysis-tags.tsx';
import { MentionContent } from '../mentions/mention-content.tsx';
import { MentionDrawer } from '../mentions/mention-drawer.tsx';

const PAGE_SIZE = 50;
const EXCERPT_CHARS = 100;

export function EventMentions({
  eventId,
  version,
  mayChange,
  riskNames,
  onLoaded,
  onSplit,
}: {
  eventId: string;
  /** Bumped when the event changed, to fetch the list again. */
  version: number;
  mayChange: boolean;
  riskNames: RiskNames;
  /** The mentions on screen (for the propagation graph's author names). */
  onLoaded: (items: readonly Mention[]) => void;
  onSplit: (created: EventDetail) => void;
}) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const paging = useCursorPaging();
  const { cursor } = paging;
  const [selected, setSelected] = useState<string[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [splitting, setSplitting] = useState(false);

  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return eventsApi.eventMentions(eventId, { cursor, limit: PAGE_SIZE, signal });
    },
    [eventId, cursor, version],
  );
  const mentions = useApi(load);
  const items = mentions.data?.items ?? [];
  useEffect(() => {
    if (mentions.data) onLoaded(mentions.data.items);
  }, [mentions.data, onLoaded]);
  useEffect(() => setSelected([]), [eventId, cursor, version]);

  const split = () => {
    const ids = selected;
    modal.confirm({
      title: t('event.split.confirmTitle', { n: ids.length }),
      content: t('event.split.confirmBody'),
      okText: t('event.split.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'split-confirm' },
      onOk: async () => {
        setSplitting(true);
        try {
          const created = await eventsApi.splitEvent(eventId, ids);
          void message.success(t('event.split.done', { n: created.mention_count }));
          setSelected([]);
          onSplit(created);
        } catch (e: unknown) {
          void message.error(describeError(e, t));
        } finally {
          setSplitting(false);
        }
      },
    });
  };

  const columns: TableColumnsType<Mention> = [
    {
      title: t('mentions.source'),
      key: 'source',
      width: 110,
      render: (_v, m) => (
        <Tag color="blue" title={m.source.key}>
          {m.source.name}
        </Tag>
      ),
    },
    {
      title: t('mentions.author'),
      key: 'author',
      width: 120,
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
          testId="event-mention-content"
        />
      ),
    },
    {
      title: t('mentions.published'),
      key: 'published',
      width: 160,
      render: (_v, m) => formatTime(m.published_at ?? m.collected_at, lang),
    },
    {
      title: t('mentions.reposts'),
      key: 'reposts',
      width: 64,
      align: 'right',
      render: (_v, m) => <span className="metric">{formatCount(m.metrics?.reposts, lang)}</span>,
    },
  ];

  return (
    <div data-testid="event-mentions">
      {mayChange ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button
            icon={<ScissorOutlined />}
            disabled={selected.length === 0}
            loading={splitting}
            onClick={split}
            data-testid="event-split"
          >
            {t('event.split.button', { n: selected.length })}
          </Button>
          <Typography.Text type="secondary">{t('event.split.hint')}</Typography.Text>
        </Space>
      ) : null}
      {mentions.error ? <LoadError error={mentions.error} onRetry={mentions.reload} /> : null}
      <Table<Mention>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={mentions.loading}
        pagination={false}
        scroll={{ x: 800 }}
        rowClassName={() => 'clickable-row'}
        {...(mayChange
          ? {
              rowSelection: {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: () => ({ 'data-testid': 'event-mention-select' }) as object,
              },
            }
          : {})}
        onRow={(m) => ({
          onClick: (e) => {
            // A click on the selection box selects; anywhere else opens the mention.
            if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
            setOpenId(m.id);
          },
          onKeyDown: (e) => {
            if (e.key === 'Enter' && e.target === e.currentTarget) setOpenId(m.id);
          },
          tabIndex: 0,
        })}
        locale={{
          emptyText: mentions.data ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('event.mentions.empty')} />
          ) : (
            ' '
          ),
        }}
        data-testid="event-mentions-table"
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
