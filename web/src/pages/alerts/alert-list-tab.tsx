// The 预警 tab: the alerts in the user's scope, newest first, narrowed by status (open and
// acknowledged by default), severity and kind, paged by next_cursor. It reloads whenever the
// page's live stream says an alert went out or mentions landed (`version`).
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Select, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  alertsApi,
  type AlertFilter,
  type AlertKind,
  type AlertSeverity,
  type AlertStatusFilter,
} from '../../api/alerts.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { AlertTable } from './alert-table.tsx';
import { KINDS, SEVERITIES, STATUSES } from './alert-tags.tsx';

const PAGE_SIZE = 30;
const STATUS_FILTERS: readonly AlertStatusFilter[] = ['active', ...STATUSES, 'all'];

export function AlertListTab({
  version,
  onOpen,
}: {
  /** Bumped when the list should be read again (live signal, an action in the drawer). */
  version: number;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Required<AlertFilter>>({
    status: 'active',
    severity: null,
    kind: null,
  });
  const paging = useCursorPaging();
  const { reset } = paging;
  useEffect(() => reset(), [filter, reset]);

  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return alertsApi.list({ ...filter, limit: PAGE_SIZE, cursor: paging.cursor, signal });
    },
    [filter, paging.cursor, version],
  );
  const list = useApi(load);

  const set = (change: Partial<AlertFilter>) => setFilter((f) => ({ ...f, ...change }));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap data-testid="alert-filters">
        <Select<AlertStatusFilter>
          value={filter.status}
          onChange={(status) => set({ status })}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`alerts.filter.status.${s}`) }))}
          style={{ width: 150 }}
          aria-label={t('alerts.col.status')}
          data-testid="alert-filter-status"
        />
        <Select<AlertSeverity | 'any'>
          value={filter.severity ?? 'any'}
          onChange={(v) => set({ severity: v === 'any' ? null : v })}
          options={[
            { value: 'any', label: t('alerts.filter.anySeverity') },
            ...SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) })),
          ]}
          style={{ width: 130 }}
          aria-label={t('alerts.col.severity')}
          data-testid="alert-filter-severity"
        />
        <Select<AlertKind | 'any'>
          value={filter.kind ?? 'any'}
          onChange={(v) => set({ kind: v === 'any' ? null : v })}
          options={[
            { value: 'any', label: t('alerts.filter.anyKind') },
            ...KINDS.map((k) => ({ value: k, label: t(`alerts.kind.${k}`) })),
          ]}
          style={{ width: 150 }}
          aria-label={t('alerts.filter.kind')}
          data-testid="alert-filter-kind"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="alert-reload">
          {t('alerts.reload')}
        </Button>
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <AlertTable
        items={list.data?.items ?? []}
        loading={list.loading && !list.data}
        loaded={list.data !== undefined}
        onOpen={onOpen}
        emptyText={
          filter.status === 'active' && !filter.severity && !filter.kind
            ? t('alerts.emptyActive')
            : t('alerts.emptyFiltered')
        }
        testId="alert-table"
      />
      {paging.page > 1 || list.data?.next_cursor ? (
        <CursorPager paging={paging} nextCursor={list.data?.next_cursor} loading={list.loading} />
      ) : null}
    </Space>
  );
}
