// Small display helpers of the 人员表现 tab: durations in words, the assessment years offered,
// and who may do what there (the server decides; these only show and hide controls).
import type { Me } from '../../api/types.ts';
import type { Translate } from '../../i18n/i18n.tsx';

/** 95 分钟 / 1 小时 35 分钟 / 2 天 1 小时 (or the English). */
export function duration(ms: number | null | undefined, t: Translate): string {
  if (ms === null || ms === undefined) return '—';
  const total = Math.round(ms / 60_000);
  if (total < 60) return t('performance.minutes', { n: total });
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days) return t('performance.daysHours', { d: days, h: hours });
  return t('performance.hoursMinutes', { h: hours, m: mins });
}

/** The calendar year in Asia/Shanghai (the assessment year) of an instant. */
export function shanghaiYear(at: Date = new Date()): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** This year and the five before it. */
export function yearOptions(now: Date = new Date()): number[] {
  const y = shanghaiYear(now);
  return [0, 1, 2, 3, 4, 5].map((i) => y - i);
}

export interface PerformanceRights {
  /** Reads everyone (admin, the office, leaders province-wide). */
  all: boolean;
  /** Proposes commendation or accountability (the office, province-wide). */
  propose: boolean;
  /** May be asked to decide proposals (leaders). */
  leader: boolean;
}

export function rightsOf(me: Me): PerformanceRights {
  const roles = me.kind === 'user' ? me.roles : [];
  const province = me.scope.kind === 'province';
  return {
    all: province && roles.some((r) => r === 'admin' || r === 'office' || r === 'leader'),
    propose: province && roles.includes('office'),
    leader: roles.includes('leader'),
  };
}
