// 监测源: every source in the user's scope with its health and an honest coverage status,
// those needing attention first and counted at the top. Admin and the office add and edit
// polled sources (feeds, web page lists) and pause or resume them; the sources the system
// creates itself (push, file, informant, demo) are listed with their health only.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Source, Unit } from '../../api/types.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatCount, formatTime, labelOr, unitName } from '../../lib/format.ts';
import { COVERAGE_RANK, CoverageBadge, describeSchedule, needsAttention } from './coverage.tsx';
import { RsshubHelp } from './rsshub-help.tsx';
import { SourceModal } from './source-modal.tsx';

/** The types a person adds and edits; the others are created by the system. */
export function isPolled(s: Pick<Source, 'type'>): s is Source & { type: 'feed' | 'web' } {
  return s.type === 'feed' || s.type === 'web';
}

function byAttention(a: Source, b: Source): number {
  return (
    COVERAGE_RANK[a.health.coverage.status] - COVERAGE_RANK[b.health.coverage.status] ||
    a.name.localeCompare(b.name, 'zh-CN') ||
    a.key.localeCompare(b.key)
  );
}

type Editing = { kind: 'new' } | { kind: 'edit'; source: Source };

export function SourcesTab() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const canWrite = may(me, 'source.write');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const load = useCallback(async (signal: AbortSignal) => {
    const [sources, units] = await Promise.all([api.sources(signal), api.units(signal)]);
    return { sources: sources.items, units: units.items };
  }, []);
  const { data, error, loading, reload } = useApi(load);

  /** Polls a source at once and says what came of it. */
  const runNow = async (s: Source) => {
    setRunning(s.id);
    try {
      const r = await api.runSource(s.id);
      if (r.ok) {
        void message.success(
          t('sources.ran', {
            name: s.name,
            accepted: String(r.accepted),
            duplicates: String(r.duplicates),
          }),
        );
      } else {
        void message.error(t('sources.runFailed', { name: s.name, error: r.errors[0] ?? '' }));
      }
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    } finally {
      setRunning(null);
      reload();
    }
  };

  const unitsById = useMemo(
    () => new Map<string, Unit>((data?.units ?? []).map((u) => [u.id, u])),
    [data],
  );
  const sources = useMemo(() => [...(data?.sources ?? [])].sort(byAttention), [data]);
  const attention = sources.filter(needsAttention).length;

  const toggle = async (s: Source, enabled: boolean) => {
    setToggling(s.id);
    try {
      const updated = await api.updateSource(s.id, { enabled });
      void message.success(
        t(enabled ? 'sources.resumedDone' : 'sources.pausedDone', { name: updated.name }),
      );
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    } finally {
      setToggling(null);
      reload();
    }
  };

  const columns: TableColumnsType<Source> = [
    {
      title: t('sources.name'),
      key: 'name',
      width: 160,
      render: (_v, s) => (
        <Space orientation="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong data-testid="source-name">
              {s.name}
            </Typography.Text>
            {s.is_demo ? <Tag color="orange">{t('mentions.demo')}</Tag> : null}
          </Space>
          <Typography.Text type="secondary" code className="break-all">
            {s.key}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('sources.coverage'),
      key: 'coverage',
      width: 116,
      render: (_v, s) => <CoverageBadge source={s} t={t} />,
    },
    {
      title: t('sources.type'),
      key: 'type',
      width: 88,
      render: (_v, s) =>
        isPolled(s) ? (
          labelOr(t, `sourceType.${s.type}`, s.type)
        ) : (
          <Tooltip title={t('sources.auto')}>
            <span className="dotted">{labelOr(t, `sourceType.${s.type}`, s.type)}</span>
          </Tooltip>
        ),
    },
    {
      title: t('sources.unit'),
      key: 'unit',
      width: 110,
      render: (_v, s) => {
        const u = unitsById.get(s.unit_id);
        return u ? unitName(u, lang) : t('common.none');
      },
    },
    {
      title: t('sources.schedule'),
      key: 'schedule',
      width: 96,
      render: (_v, s) => {
        if (!s.schedule)
          return <Typography.Text type="secondary">{t('sources.onDelivery')}</Typography.Text>;
        const words = describeSchedule(t, s.schedule);
        return (
          <Tooltip title={s.schedule}>
            <span className="nowrap">
              {words ?? <Typography.Text code>{s.schedule}</Typography.Text>}
            </span>
          </Tooltip>
        );
      },
    },
    {
      title: t('sources.enabled'),
      key: 'enabled',
      width: 64,
      render: (_v, s) =>
        isPolled(s) ? (
          <Switch
            size="small"
            checked={s.enabled}
            disabled={!canWrite || (toggling !== null && toggling !== s.id)}
            loading={toggling === s.id}
            onChange={(on) => void toggle(s, on)}
            aria-label={`${t(s.enabled ? 'sources.pause' : 'sources.resume')} ${s.name}`}
            data-testid="source-enabled"
          />
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('sources.lastRun'),
      key: 'lastRun',
      // The rest of the width.
      render: (_v, s) => {
        const h = s.health;
        if (!h.last_success_at && !h.last_error_at && !h.last_item_at) return t('common.none');
        return (
          <Space orientation="vertical" size={0} className="source-runs">
            {h.last_success_at ? (
              <span data-testid="source-success">
                {t('sources.successAt', { time: formatTime(h.last_success_at, lang) })}
              </span>
            ) : null}
            {h.last_error_at ? (
              <span>{t('sources.errorAt', { time: formatTime(h.last_error_at, lang) })}</span>
            ) : null}
            {h.last_error ? (
              <Typography.Text type="danger" className="source-error" data-testid="source-error">
                {h.last_error}
              </Typography.Text>
            ) : null}
            {h.consecutive_failures > 0 ? (
              <Typography.Text type="danger">
                {t('sources.failures', { n: h.consecutive_failures })}
              </Typography.Text>
            ) : null}
            {h.last_item_at ? (
              <Typography.Text type="secondary">
                {t('sources.itemAt', { time: formatTime(h.last_item_at, lang) })}
              </Typography.Text>
            ) : null}
          </Space>
        );
      },
    },
    {
      title: t('sources.itemsTitle'),
      children: [
        {
          title: t('sources.items24h'),
          key: 'items24h',
          width: 72,
          align: 'right',
          render: (_v: unknown, s: Source) => (
            <span className="metric">{formatCount(s.health.items_24h, lang)}</span>
          ),
        },
        {
          title: t('sources.items7d'),
          key: 'items7d',
          width: 64,
          align: 'right',
          render: (_v: unknown, s: Source) => (
            <span className="metric">{formatCount(s.health.items_7d, lang)}</span>
          ),
        },
      ],
    },
    ...(canWrite
      ? [
          {
            title: t('sources.actions'),
            key: 'actions',
            width: 112,
            render: (_v: unknown, s: Source) =>
              isPolled(s) ? (
                <Space orientation="vertical" size={4}>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing({ kind: 'edit', source: s })}
                    data-testid="source-edit"
                  >
                    {t('sources.edit')}
                  </Button>
                  <Button
                    size="small"
                    loading={running === s.id}
                    disabled={running !== null && running !== s.id}
                    onClick={() => void runNow(s)}
                    data-testid="source-run"
                  >
                    {t('sources.runNow')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div data-testid="sources-tab">
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Text type="secondary">{t('sources.desc')}</Typography.Text>
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ kind: 'new' })}
            data-testid="source-add"
          >
            {t('sources.add')}
          </Button>
        ) : null}
      </Space>
      {data ? (
        attention > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('sources.attention', { n: attention })}
            description={t('sources.attentionDesc')}
            data-testid="sources-attention"
          />
        ) : sources.length > 0 ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('sources.allOk', { n: sources.length })}
            data-testid="sources-all-ok"
          />
        ) : null
      ) : null}
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Source>
        rowKey="id"
        size="small"
        bordered
        columns={columns}
        dataSource={sources}
        loading={loading}
        pagination={false}
        scroll={{ x: 1060 }}
        rowClassName={(s) => (needsAttention(s) ? 'source-row-attention' : '')}
        locale={{ emptyText: t('sources.empty') }}
        data-testid="sources-table"
      />
      <RsshubHelp open={canWrite} />
      {editing ? (
        <SourceModal
          source={editing.kind === 'edit' ? editing.source : null}
          units={data?.units ?? []}
          defaultUnitId={me.unit.id}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      ) : null}
    </div>
  );
}
