// Accounts tab (admin only): every account with its unit, roles and status.
import { Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime, unitName } from '../../lib/format.ts';
import type { OrgData } from '../org-page.tsx';

export function UsersTab({ org }: { org: OrgData }) {
  const { t, lang } = useI18n();
  const load = useCallback((signal: AbortSignal) => api.users(signal), []);
  const users = useApi(load);

  const columns: TableColumnsType<User> = [
    { title: t('org.users.username'), dataIndex: 'username', key: 'username', width: 140 },
    { title: t('org.users.displayName'), dataIndex: 'display_name', key: 'display_name' },
    {
      title: t('org.users.unit'),
      key: 'unit',
      render: (_v, u) => {
        const unit = org.unitsById.get(u.unit_id);
        return unit ? unitName(unit, lang) : t('common.none');
      },
    },
    {
      title: t('org.users.roles'),
      key: 'roles',
      render: (_v, u) => (
        <Space size={4} wrap>
          {u.roles.map((r) => (
            <Tag key={r} color={r === 'admin' ? 'red' : 'blue'}>
              {t(`role.${r}`)}
            </Tag>
          ))}
          {u.leader_kind ? <Tag>{t(`leaderKind.${u.leader_kind}`)}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('org.users.status'),
      key: 'status',
      width: 200,
      render: (_v, u) => {
        if (u.disabled) return <Tag>{t('org.users.disabled')}</Tag>;
        if (u.locked_until && Date.parse(u.locked_until) > Date.now()) {
          return (
            <Tag color="orange">
              {t('org.users.lockedUntil', { time: formatTime(u.locked_until, lang) })}
            </Tag>
          );
        }
        return <Tag color="green">{t('org.users.active')}</Tag>;
      },
    },
    {
      title: t('org.users.created'),
      key: 'created',
      width: 180,
      render: (_v, u) => formatTime(u.created_at, lang),
    },
  ];

  return (
    <div data-testid="users-tab">
      {users.error ? <LoadError error={users.error} onRetry={users.reload} /> : null}
      <Table<User>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.loading}
        pagination={false}
      />
    </div>
  );
}
