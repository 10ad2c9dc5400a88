// 值班表, the duty roster tab of 组织与值班: who is on duty now in every unit keeping a roster,
// then one unit's two-week schedule and its shifts with their rotations, and the province's
// holiday calendar. Those who keep a unit's roster (duty.write in their scope) edit it here.
import { Divider, Select, Space } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import { DutyHolidays } from './duty-holidays.tsx';
import { mayKeepCalendar, mayKeepRoster } from './duty-labels.tsx';
import { DutyNowCards } from './duty-now.tsx';
import { DutyOverrideModal } from './duty-override-modal.tsx';
import { DutyScheduleTable, type ShiftRef } from './duty-schedule.tsx';
import { DutyShifts } from './duty-shifts.tsx';

export function DutyTab() {
  const { t, lang } = useI18n();
  const me = useMe();
  const loadUnits = useCallback((signal: AbortSignal) => api.units(signal), []);
  const units = useApi(loadUnits);
  const [unitId, setUnitId] = useState<string>(
    me.scope.kind === 'unit' ? me.scope.unitId : me.unit.id,
  );
  // Bumped after every change: each part reads its data again.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const [standIn, setStandIn] = useState<{ shift: ShiftRef; date: string } | null>(null);
  const onStandIn = useCallback((shift: ShiftRef, date: string) => setStandIn({ shift, date }), []);
  const canWrite = mayKeepRoster(me, unitId);

  return (
    <div data-testid="duty-tab">
      <DutyNowCards version={version} />
      <Divider />
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t('org.duty.unit')}</span>
        <Select
          style={{ minWidth: 260 }}
          value={unitId}
          loading={units.loading}
          options={(units.data?.items ?? []).map((u) => ({
            value: u.id,
            label: unitName(u, lang),
          }))}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(v: string) => setUnitId(v)}
          data-testid="duty-unit-select"
        />
      </Space>
      {units.error ? <LoadError error={units.error} onRetry={units.reload} /> : null}
      <DutyScheduleTable
        unitId={unitId}
        version={version}
        canWrite={canWrite}
        onStandIn={onStandIn}
      />
      <Divider />
      <DutyShifts
        unitId={unitId}
        version={version}
        canWrite={canWrite}
        onChanged={changed}
        onStandIn={onStandIn}
      />
      <Divider />
      <DutyHolidays version={version} canKeep={mayKeepCalendar(me)} onChanged={changed} />
      {standIn ? (
        <DutyOverrideModal
          unitId={unitId}
          shift={standIn.shift}
          date={standIn.date}
          onClose={(saved) => {
            setStandIn(null);
            if (saved) changed();
          }}
        />
      ) : null}
    </div>
  );
}
