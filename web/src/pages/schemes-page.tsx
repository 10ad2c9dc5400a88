// 方案 (/schemes): the monitoring schemes in the user's scope — each one's query, unit, owner,
// whether it runs, and how many stored mentions it matches (a link to the feed filtered by it);
// archived ones on request. Those who may keep schemes add, edit, pause and archive them in the
// editor drawer; everyone else opens them read-only and may still test a query.
import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import type { Me, Scheme, Unit } from '../api/types.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { LoadError } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError, formatCount, formatTime, unitName } from '../lib/format.ts';
import { SchemeDrawer } from './schemes/scheme-drawer.tsx';

/**
 * Whether the user may change this scheme: office and admin every one in their scope, a
 * division those of its own unit and those it owns (the server checks the same).
 */
export function canEditScheme(me: Me, s: Scheme): boolean {
  if (!may(me, 'scheme.write') || s.archived_at !== null) return false;
  if (may(me, 'analysis.manage')) return true;
  return s.unit_id === me.unit.id || s.owner_id === me.id;
}

export function SchemesPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<Scheme | 'new' | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const loadSchemes = useCallback(
    (signal: AbortSignal) => api.schemes({ archived, signal }),
    [archived],
  );
  const schemes = useApi(loadSchemes);
  const loadUnits = useCallback((signal: AbortSignal) => api.units(signal), []);
  const units = useApi(loadUnits);
  const unitList: Unit[] = useMemo(() => units.data?.items ?? [], [units.data]);
  const unitsById = useMemo(() => new Map(unitList.map((u) => [u.id, u])), [unitList]);
  const mayWrite = may(me, 'scheme.write');

  const setEnabled = async (s: Scheme, enabled: boolean) => {
    setToggling(s.id);
    try {
      await api.updateScheme(s.id, { enabled });
      void message.success(t(enabled ? 'schemes.resumed' : 'schemes.paused', { name: s.name }));
      schemes.reload();
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    } finally {
      setToggling(null);
    }
  };

  const columns: TableColumnsType<Scheme> = [
    {
      title: t('schemes.name'),
      key: 'name',
      width: 220,
      render: (_v, s) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong data-testid="scheme-name-cell">
            {s.name}
          </Typography.Text>
          {s.description ? (
            <Typography.Text type="secondary" className="scheme-description">
              {s.description}
            </Typography.Text>
          ) : null}
          <Space size={4} wrap>
            {s.archived_at ? (
              <Tag data-testid="scheme-archived-tag">{t('schemes.archived')}</Tag>
            ) : null}
            {s.is_demo ? <Tag color="orange">{t('mentions.demo')}</Tag> : null}
          </Space>
        </Space>
      ),
    },
    {
      title: t('schemes.query'),
      key: 'query',
      render: (_v, s) => (
        <code className="scheme-query-cell" title={s.query} data-testid="scheme-query-cell">
          {s.query}
        </code>
      ),
    },
    {
      title: t('schemes.unit'),
      key: 'unit',
      width: 150,
      render: (_v, s) => {
        const u = unitsById.get(s.unit_id);
        return u ? unitName(u, lang) : t('common.none');
      },
    },
    {
      title: t('schemes.owner'),
      key: 'owner',
      width: 100,
      render: (_v, s) => s.owner_name ?? t('common.none'),
    },
    {
      title: t('schemes.enabled'),
      key: 'enabled',
      width: 80,
      render: (_v, s) => (
        <Switch
          size="small"
          checked={s.enabled}
          loading={toggling === s.id}
          disabled={!canEditScheme(me, s)}
          onChange={(on) => void setEnabled(s, on)}
          aria-label={t('schemes.enabled')}
          data-testid="scheme-enabled-switch"
        />
      ),
    },
    {
      title: t('schemes.matches'),
      key: 'matches',
      width: 90,
      align: 'right',
      render: (_v, s) => (
        <Link
          to={`/mentions?scheme=${encodeURIComponent(s.id)}`}
          title={t('schemes.matchesLink')}
          data-testid="scheme-matches"
          className="metric"
        >
          {formatCount(s.matches, lang)}
        </Link>
      ),
    },
    {
      title: t('schemes.updated'),
      key: 'updated',
      width: 170,
      render: (_v, s) => formatTime(s.updated_at, lang),
    },
    {
      title: t('schemes.actions'),
      key: 'actions',
      width: 90,
      render: (_v, s) =>
        canEditScheme(me, s) ? (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(s)}
            data-testid="scheme-edit"
          >
            {t('schemes.edit')}
          </Button>
        ) : (
          <Button
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setEditing(s)}
            data-testid="scheme-view"
          >
            {t('schemes.view')}
          </Button>
        ),
    },
  ];

  const items = schemes.data?.items ?? [];

  return (
    <Card
      title={t('schemes.title')}
      data-testid="schemes-page"
      extra={
        <Space wrap>
          <Space size={6}>
            <Switch
              size="small"
              checked={archived}
              onChange={setArchived}
              data-testid="schemes-archived"
              aria-label={t('schemes.showArchived')}
            />
            <span>{t('schemes.showArchived')}</span>
          </Space>
          {mayWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="scheme-add"
            >
              {t('schemes.add')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('schemes.intro')}</Typography.Paragraph>
      {schemes.error ? <LoadError error={schemes.error} onRetry={schemes.reload} /> : null}
      <Table<Scheme>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={schemes.loading}
        pagination={false}
        scroll={{ x: 1000 }}
        rowClassName={(s) => (s.archived_at ? 'scheme-row-archived' : '')}
        locale={{
          emptyText: schemes.data ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={mayWrite ? t('schemes.emptyWriter') : t('schemes.empty')}
            />
          ) : (
            ' '
          ),
        }}
        data-testid="schemes-table"
      />
      {editing ? (
        <SchemeDrawer
          scheme={editing === 'new' ? null : editing}
          units={unitList}
          defaultUnitId={me.unit.id}
          canEdit={editing === 'new' ? mayWrite : canEditScheme(me, editing)}
          onClose={(changed) => {
            setEditing(null);
            if (changed) schemes.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
