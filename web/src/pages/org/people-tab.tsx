// People tab: the people of one unit or all units in scope, paged by next_cursor; admin and
// office staff may add a person.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Person } from '../../api/types.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import type { OrgData } from '../org-page.tsx';
import { PersonModal } from './person-modal.tsx';

const PAGE_SIZE = 20;

export function PeopleTab({ org }: { org: OrgData }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const canAdd = may(me, 'person.write');
  const [unitId, setUnitId] = useState<string | null>(
    me.scope.kind === 'unit' ? me.scope.unitId : null,
  );
  const [adding, setAdding] = useState(false);
  const paging = useCursorPaging();
  const { cursor, reset } = paging;

  const load = useCallback(
    (signal: AbortSignal) => api.people({ unitId, cursor, limit: PAGE_SIZE, signal }),
    [unitId, cursor],
  );
  const people = useApi(load);

  const columns: TableColumnsType<Person> = [
    { title: t('org.people.name'), dataIndex: 'name', key: 'name', width: 120 },
    { title: t('org.people.title'), dataIndex: 'title', key: 'title' },
    {
      title: t('org.people.unit'),
      key: 'unit',
      render: (_v, p) => {
        const u = org.unitsById.get(p.unit_id);
        return u ? unitName(u, lang) : t('common.none');
      },
    },
    {
      title: t('org.people.email'),
      dataIndex: 'email',
      key: 'email',
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('org.people.phone'),
      dataIndex: 'phone',
      key: 'phone',
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('org.people.status'),
      dataIndex: 'active',
      key: 'active',
      width: 90,
      render: (v: boolean) =>
        v ? (
          <Tag color="green">{t('org.people.active')}</Tag>
        ) : (
          <Tag>{t('org.people.inactive')}</Tag>
        ),
    },
  ];

  const unitOptions = [
    ...(me.scope.kind === 'province' ? [{ value: '', label: t('org.people.allUnits') }] : []),
    ...org.units.map((u) => ({ value: u.id, label: unitName(u, lang) })),
  ];

  return (
    <div data-testid="people-tab">
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }} wrap>
        <Space>
          <span>{t('org.people.filterUnit')}</span>
          <Select
            style={{ minWidth: 260 }}
            value={unitId ?? ''}
            options={unitOptions}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(v: string) => {
              setUnitId(v === '' ? null : v);
              reset();
            }}
            data-testid="people-unit-filter"
          />
        </Space>
        {canAdd ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="person-add"
          >
            {t('org.people.add')}
          </Button>
        ) : null}
      </Space>
      {people.error ? <LoadError error={people.error} onRetry={people.reload} /> : null}
      <Table<Person>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={people.data?.items ?? []}
        loading={people.loading}
        pagination={false}
        locale={{ emptyText: t('org.people.empty') }}
        data-testid="people-table"
      />
      <CursorPager paging={paging} nextCursor={people.data?.next_cursor} loading={people.loading} />
      {adding ? (
        <PersonModal
          units={org.units}
          defaultUnitId={unitId ?? (me.scope.kind === 'unit' ? me.scope.unitId : me.unit.id)}
          onClose={(added) => {
            setAdding(false);
            if (added) people.reload();
          }}
        />
      ) : null}
    </div>
  );
}
