// The shifts of one unit with the rotation in force (and any that starts later); those who keep
// the unit's roster add and edit shifts, set rotations, arrange stand-ins and retire shifts
// (never delete them: the record stays).
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { dutyApi, type DutyRotationView, type DutyShiftView } from '../../api/duty.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { daysLabel, shiftHours, useReloadOn } from './duty-labels.tsx';
import { DutyRotationModal } from './duty-rotation-modal.tsx';
import type { ShiftRef } from './duty-schedule.tsx';
import { DutyShiftModal } from './duty-shift-modal.tsx';

const names = (r: DutyRotationView) => r.people.map((p) => p.name).join(' → ');

export function DutyShifts({
  unitId,
  version,
  canWrite,
  onChanged,
  onStandIn,
}: {
  unitId: string;
  version: number;
  canWrite: boolean;
  onChanged: () => void;
  onStandIn: (shift: ShiftRef, date: string) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const load = useCallback((signal: AbortSignal) => dutyApi.roster(unitId, signal), [unitId]);
  const roster = useApi(load);
  useReloadOn(version, roster.reload);
  const [editing, setEditing] = useState<DutyShiftView | 'new' | null>(null);
  const [rotating, setRotating] = useState<DutyShiftView | null>(null);
  const today = roster.data?.today ?? '';

  const setActive = async (s: DutyShiftView, active: boolean) => {
    try {
      await dutyApi.updateShift(s.id, { active });
      void message.success(
        t(active ? 'org.duty.activated' : 'org.duty.deactivated', { name: s.name }),
      );
      onChanged();
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    }
  };

  const columns: TableColumnsType<DutyShiftView> = [
    { title: t('org.duty.shiftName'), dataIndex: 'name', key: 'name', width: 140 },
    {
      title: t('org.duty.hours'),
      key: 'hours',
      width: 170,
      render: (_v, s) => shiftHours(t, s.start_time, s.end_time),
    },
    {
      title: t('org.duty.days'),
      key: 'days',
      width: 150,
      render: (_v, s) => daysLabel(t, s.days),
    },
    {
      title: t('org.duty.rotation'),
      key: 'rotation',
      render: (_v, s) => {
        const current = s.rotations.find((r) => r.id === s.current_rotation_id);
        const later = s.rotations.filter((r) => r.starts_on > today);
        return (
          <div data-testid="duty-rotation">
            {current ? (
              <>
                <div>{names(current)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('org.duty.rotationSummary', {
                    date: current.starts_on,
                    n: current.period_days,
                  })}
                </Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">{t('org.duty.noRotation')}</Typography.Text>
            )}
            {later.map((r) => (
              <div key={r.id}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('org.duty.rotationFuture', { date: r.starts_on, people: names(r) })}
                </Typography.Text>
              </div>
            ))}
          </div>
        );
      },
    },
    {
      title: t('org.duty.status'),
      key: 'active',
      width: 90,
      render: (_v, s) =>
        s.active ? (
          <Tag color="green">{t('org.duty.active')}</Tag>
        ) : (
          <Tag>{t('org.duty.inactive')}</Tag>
        ),
    },
    ...(canWrite
      ? [
          {
            title: t('org.duty.actions'),
            key: 'actions',
            width: 300,
            render: (_v: unknown, s: DutyShiftView) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setEditing(s)}
                  data-testid="duty-shift-edit"
                >
                  {t('org.duty.editShift')}
                </Button>
                {s.active ? (
                  <>
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setRotating(s)}
                      data-testid="duty-rotation-set"
                    >
                      {t('org.duty.setRotation')}
                    </Button>
                    <Button
                      type="link"
                      size="small"
                      onClick={() => onStandIn({ id: s.id, name: s.name }, today)}
                      data-testid="duty-override-add"
                    >
                      {t('org.duty.addOverride')}
                    </Button>
                    <Popconfirm
                      title={t('org.duty.deactivateConfirm')}
                      okText={t('org.duty.deactivate')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => void setActive(s, false)}
                    >
                      <Button type="link" size="small" danger data-testid="duty-shift-deactivate">
                        {t('org.duty.deactivate')}
                      </Button>
                    </Popconfirm>
                  </>
                ) : (
                  <Button type="link" size="small" onClick={() => void setActive(s, true)}>
                    {t('org.duty.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <section data-testid="duty-shifts">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('org.duty.shifts')}
        </Typography.Title>
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="duty-shift-add"
          >
            {t('org.duty.addShift')}
          </Button>
        ) : null}
      </Space>
      {roster.error ? <LoadError error={roster.error} onRetry={roster.reload} /> : null}
      <Table<DutyShiftView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={roster.data?.shifts ?? []}
        loading={roster.loading}
        pagination={false}
        locale={{ emptyText: t('org.duty.noShifts') }}
        scroll={{ x: 900 }}
        data-testid="duty-shifts-table"
      />
      {editing ? (
        <DutyShiftModal
          unitId={unitId}
          shift={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) onChanged();
          }}
        />
      ) : null}
      {rotating ? (
        <DutyRotationModal
          shift={rotating}
          today={today}
          onClose={(saved) => {
            setRotating(null);
            if (saved) onChanged();
          }}
        />
      ) : null}
    </section>
  );
}
