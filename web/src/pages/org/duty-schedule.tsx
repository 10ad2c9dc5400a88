// Two weeks of a unit's roster: a row per shift, a column per date (holidays and weekend days
// worked marked), the person of each occurrence (stand-ins marked). Those who keep the roster
// click an occurrence to arrange a stand-in.
import { Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { addDays } from '../../../../src/domain/duty-roster.ts';
import { dutyApi, type DutySchedule } from '../../api/duty.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import {
  OverrideTag,
  shiftHours,
  todayInGansu,
  useReloadOn,
  weekdayLabel,
} from './duty-labels.tsx';

const DAYS = 14;

type ScheduleShift = DutySchedule['units'][number]['shifts'][number];
type Occurrence = DutySchedule['units'][number]['occurrences'][number];

export interface ShiftRef {
  id: string;
  name: string;
}

export function DutyScheduleTable({
  unitId,
  version,
  canWrite,
  onStandIn,
}: {
  unitId: string;
  version: number;
  canWrite: boolean;
  onStandIn: (shift: ShiftRef, date: string) => void;
}) {
  const { t } = useI18n();
  const today = todayInGansu();
  const [offset, setOffset] = useState(0);
  const from = addDays(today, offset);
  const load = useCallback(
    (signal: AbortSignal) => dutyApi.schedule({ unitId, from, days: DAYS }, signal),
    [unitId, from],
  );
  const schedule = useApi(load);
  useReloadOn(version, schedule.reload);

  const unit = schedule.data?.units[0];
  const byCell = useMemo(() => {
    const m = new Map<string, Occurrence>();
    for (const o of unit?.occurrences ?? []) m.set(`${o.shift_id}|${o.date}`, o);
    return m;
  }, [unit]);

  const columns: TableColumnsType<ScheduleShift> = [
    {
      title: t('org.duty.shift'),
      key: 'shift',
      fixed: 'start',
      width: 150,
      render: (_v, s) => (
        <div>
          <Typography.Text strong>{s.name}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {shiftHours(t, s.start_time, s.end_time)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...(schedule.data?.days ?? []).map((d) => {
      const off = d.kind !== 'workday';
      const weekend = d.weekday === 0 || d.weekday === 6;
      return {
        key: d.date,
        width: 96,
        align: 'center' as const,
        onCell: () => ({
          style: off ? { background: 'rgba(250, 173, 20, 0.08)' } : {},
        }),
        title: (
          <div data-testid="duty-day" data-date={d.date} data-kind={d.kind}>
            <div style={{ fontWeight: d.date === today ? 700 : 400 }}>{d.date.slice(5)}</div>
            <div style={{ fontSize: 12 }}>{weekdayLabel(t, d.weekday)}</div>
            {d.kind === 'holiday' ? (
              <Tooltip title={d.holiday_name}>
                <Tag color="red" style={{ marginInlineEnd: 0 }}>
                  {t('org.duty.dayOff')}
                </Tag>
              </Tooltip>
            ) : d.holiday_name && weekend ? (
              <Tooltip title={d.holiday_name}>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {t('org.duty.dayWorked')}
                </Tag>
              </Tooltip>
            ) : null}
          </div>
        ),
        render: (_v: unknown, s: ScheduleShift) => {
          const o = byCell.get(`${s.id}|${d.date}`);
          if (!o) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
          const who = o.person_name ? (
            <span>
              {o.person_name}
              {o.via === 'override' ? <OverrideTag t={t} /> : null}
            </span>
          ) : (
            <Typography.Text type="warning">{t('org.duty.unassigned')}</Typography.Text>
          );
          return (
            <div data-testid="duty-cell" data-date={d.date} data-shift-id={s.id}>
              {canWrite ? (
                <Tooltip title={t('org.duty.cellHint')}>
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto', whiteSpace: 'normal' }}
                    onClick={() => onStandIn({ id: s.id, name: s.name }, d.date)}
                  >
                    {who}
                  </Button>
                </Tooltip>
              ) : (
                who
              )}
            </div>
          );
        },
      };
    }),
  ];

  const to = addDays(from, DAYS - 1);
  return (
    <section data-testid="duty-schedule">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('org.duty.schedule')}
          <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8 }}>
            {t('org.duty.scheduleRange', { from, to })}
          </Typography.Text>
        </Typography.Title>
        <Space.Compact>
          <Button onClick={() => setOffset((o) => o - DAYS)}>{t('org.duty.prevWeeks')}</Button>
          <Button onClick={() => setOffset(0)} disabled={offset === 0}>
            {t('org.duty.fromToday')}
          </Button>
          <Button onClick={() => setOffset((o) => o + DAYS)}>{t('org.duty.nextWeeks')}</Button>
        </Space.Compact>
      </Space>
      {schedule.error ? <LoadError error={schedule.error} onRetry={schedule.reload} /> : null}
      {unit && unit.shifts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.duty.noShifts')} />
      ) : (
        <Table<ScheduleShift>
          rowKey="id"
          size="small"
          bordered
          columns={columns}
          dataSource={unit?.shifts ?? []}
          loading={schedule.loading}
          pagination={false}
          scroll={{ x: 150 + DAYS * 96 }}
          data-testid="duty-schedule-table"
        />
      )}
    </section>
  );
}
