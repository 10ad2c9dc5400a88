// Small pieces the duty roster's parts share: times as read in Gansu (Asia/Shanghai, whatever
// the browser's zone), shift hours, day names, and who may change what (the server decides).
import { Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { shanghaiDate } from '../../../../src/domain/duty-roster.ts';
import type { Me } from '../../api/types.ts';
import { may } from '../../auth/permissions.ts';
import type { MessageKey, Translate } from '../../i18n/i18n.tsx';

const WALL_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const WEEKDAYS: MessageKey[] = [
  'org.duty.weekday0',
  'org.duty.weekday1',
  'org.duty.weekday2',
  'org.duty.weekday3',
  'org.duty.weekday4',
  'org.duty.weekday5',
  'org.duty.weekday6',
];

/** Today's date in Gansu, YYYY-MM-DD. */
export function todayInGansu(): string {
  return shanghaiDate(new Date());
}

/** HH:mm of an instant in Gansu, with MM-DD before it when it is not on `today`. */
export function wallTime(iso: string, today: string): string {
  const d = new Date(iso);
  const date = shanghaiDate(d);
  const time = WALL_TIME.format(d);
  return date === today ? time : `${date.slice(5)} ${time}`;
}

/** 08:30–17:30, or 17:30–08:30 (next day). */
export function shiftHours(t: Translate, start: string, end: string): string {
  return end <= start ? `${start}–${end}（${t('org.duty.nextDay')}）` : `${start}–${end}`;
}

export function daysLabel(t: Translate, days: 'workday' | 'rest_day' | 'all'): string {
  return t(`org.duty.days.${days}`);
}

export function weekdayLabel(t: Translate, weekday: number): string {
  const key = WEEKDAYS[weekday];
  return key ? t(key) : '';
}

/** A stand-in's mark. */
export function OverrideTag({ t }: { t: Translate }) {
  return (
    <Tag color="orange" style={{ marginInlineStart: 4 }}>
      {t('org.duty.viaOverride')}
    </Tag>
  );
}

/** Whether the user may change a unit's roster: duty.write, inside their unit scope. */
export function mayKeepRoster(me: Me, unitId: string): boolean {
  return may(me, 'duty.write') && (me.scope.kind === 'province' || me.scope.unitId === unitId);
}

/** Whether the user keeps the province's holiday calendar (the office, an administrator). */
export function mayKeepCalendar(me: Me): boolean {
  return (
    may(me, 'duty.write') &&
    me.kind === 'user' &&
    me.scope.kind === 'province' &&
    me.roles.some((r) => r === 'admin' || r === 'office')
  );
}

/** Calls reload whenever `version` changes after the first render (a change was made). */
export function useReloadOn(version: number, reload: () => void): void {
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);
}
