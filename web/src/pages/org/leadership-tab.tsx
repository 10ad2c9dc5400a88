// Leadership group (领导小组: 组长, 副组长, 成员, with the leader kind) and the response office
// (舆情处置办公室) with the division that hosts it and its members.
import { Card, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Position } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDate, labelOr, unitName } from '../../lib/format.ts';
import type { OrgData } from '../org-page.tsx';

export function LeadershipTab({ org }: { org: OrgData }) {
  const { t, lang } = useI18n();
  const host = org.structure.office.host_unit;

  const columns = (office: boolean): TableColumnsType<Position> => [
    {
      title: office ? t('org.leadership.officePosition') : t('org.leadership.position'),
      key: 'position',
      width: 130,
      render: (_v, p) => (
        <Tag color={p.position === 'head' || p.position === 'director' ? 'red' : undefined}>
          {labelOr(t, `position.${p.position}`, p.position)}
        </Tag>
      ),
    },
    ...(office
      ? []
      : [
          {
            title: t('org.leadership.leaderKind'),
            key: 'leader_kind',
            width: 150,
            render: (_v: unknown, p: Position) =>
              p.leader_kind ? t(`leaderKind.${p.leader_kind}`) : t('common.none'),
          },
        ]),
    { title: t('org.leadership.name'), key: 'name', width: 120, render: (_v, p) => p.person.name },
    { title: t('org.leadership.title'), key: 'title', render: (_v, p) => p.person.title },
    {
      title: t('org.leadership.unit'),
      key: 'unit',
      render: (_v, p) => {
        const u = org.unitsById.get(p.person.unit_id);
        return u ? unitName(u, lang) : t('common.none');
      },
    },
    {
      title: t('org.leadership.since'),
      key: 'since',
      width: 120,
      render: (_v, p) => formatDate(p.since, lang),
    },
  ];

  return (
    <div data-testid="leadership-tab">
      <Card
        type="inner"
        title={t('org.leadership.group')}
        style={{ marginBottom: 24 }}
        data-testid="leadership-group"
      >
        <Typography.Paragraph type="secondary">
          {t('org.leadership.groupDesc')}
        </Typography.Paragraph>
        <Table<Position>
          rowKey="id"
          size="small"
          columns={columns(false)}
          dataSource={org.structure.leadership_group}
          pagination={false}
          locale={{ emptyText: t('org.leadership.empty') }}
        />
      </Card>
      <Card type="inner" title={t('org.leadership.office')} data-testid="office">
        <Typography.Paragraph type="secondary">
          {host
            ? t('org.leadership.officeHost', { unit: unitName(host, lang) })
            : t('org.leadership.officeNoHost')}
        </Typography.Paragraph>
        <Table<Position>
          rowKey="id"
          size="small"
          columns={columns(true)}
          dataSource={org.structure.office.members}
          pagination={false}
          locale={{ emptyText: t('org.leadership.empty') }}
        />
      </Card>
    </div>
  );
}
