// Units tab: the provincial bureau, its divisions (综合处 marked as host of the office) and the
// city/prefecture bureaus, each with its informant (信息员); admin/office may name one.
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { Informant, Unit } from '../../api/types.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDate, unitName } from '../../lib/format.ts';
import type { OrgData } from '../org-page.tsx';
import { InformantModal } from './informant-modal.tsx';

export function UnitsTab({ org }: { org: OrgData }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const canName = may(me, 'informant.write');
  const [naming, setNaming] = useState<Unit | null>(null);
  const informants = new Map<string, Informant>(
    org.structure.informants.map((i) => [i.unit_id, i]),
  );

  const columns: TableColumnsType<Unit> = [
    {
      title: t('org.units.name'),
      key: 'name',
      render: (_v, u) => (
        <Space size={4} wrap>
          <span data-testid="unit-name">{unitName(u, lang)}</span>
          {lang === 'en' && u.name_en ? (
            <Typography.Text type="secondary">{u.name}</Typography.Text>
          ) : null}
          {u.hosts_office ? (
            <Tag color="blue" data-testid="hosts-office">
              {t('org.units.hostsOffice')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    { title: t('org.units.code'), dataIndex: 'code', key: 'code', width: 120 },
    {
      title: t('org.units.region'),
      dataIndex: 'region_code',
      key: 'region',
      width: 140,
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('org.units.informant'),
      key: 'informant',
      width: 220,
      render: (_v, u) => {
        const i = informants.get(u.id);
        // [P4]: one informant per division and per city bureau; the bureau itself has none.
        if (!i && u.kind === 'bureau') return t('common.none');
        return i ? (
          <Space size={4}>
            <span>{i.person_name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDate(i.since, lang)}
            </Typography.Text>
          </Space>
        ) : (
          <Tag>{t('org.units.noInformant')}</Tag>
        );
      },
    },
    ...(canName
      ? [
          {
            title: t('org.units.actions'),
            key: 'actions',
            width: 130,
            render: (_v: unknown, u: Unit) =>
              u.kind === 'bureau' ? null : (
                <Button size="small" onClick={() => setNaming(u)}>
                  {t('org.units.setInformant')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  const groups: { key: string; title: string; units: Unit[] }[] = [
    {
      key: 'bureau',
      title: t('org.units.bureau'),
      units: org.units.filter((u) => u.kind === 'bureau'),
    },
    {
      key: 'division',
      title: t('org.units.divisions'),
      units: org.units.filter((u) => u.kind === 'division'),
    },
    {
      key: 'city',
      title: t('org.units.cities'),
      units: org.units.filter((u) => u.kind === 'city'),
    },
  ].filter((g) => g.units.length > 0);

  if (groups.length === 0) return <Empty />;

  return (
    <div data-testid="units-tab">
      {groups.map((g) => (
        <section key={g.key} style={{ marginBottom: 24 }}>
          <Typography.Title level={5}>
            {g.title}{' '}
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              ({t('org.units.count', { n: g.units.length })})
            </Typography.Text>
          </Typography.Title>
          <Table<Unit>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={g.units}
            pagination={false}
            data-testid={`units-${g.key}`}
          />
        </section>
      ))}
      {naming ? (
        <InformantModal
          unit={naming}
          current={informants.get(naming.id) ?? null}
          onClose={(changed) => {
            setNaming(null);
            if (changed) org.reload();
          }}
        />
      ) : null}
    </div>
  );
}
