// The months, quarters and years the informant tabs offer, newest first, in the Asia/Shanghai
// calendar (the same rules as the server: src/domain/informant-scoring.ts).
import {
  parsePeriod,
  periodKey,
  periodLabel,
  periodLabelEn,
  periodOf,
  type Period,
} from '../../../../src/domain/informant-scoring.ts';
import type { Lang } from '../../i18n/i18n.tsx';

export type PeriodKind = 'month' | 'quarter' | 'year';

/** The last `count` periods of a kind up to the one holding `now`, newest first. */
export function recentPeriods(kind: PeriodKind, now: Date, count: number): Period[] {
  const iso = now.toISOString();
  const out: Period[] = [];
  if (kind === 'year') {
    const { year } = periodOf(iso, 'month');
    for (let i = 0; i < count; i++) out.push({ kind: 'year', year: year - i });
    return out;
  }
  let p = periodOf(iso, kind);
  for (let i = 0; i < count; i++) {
    out.push(p);
    p =
      p.kind === 'month'
        ? p.month === 1
          ? { kind: 'month', year: p.year - 1, month: 12 }
          : { kind: 'month', year: p.year, month: p.month - 1 }
        : p.kind === 'quarter'
          ? p.quarter === 1
            ? { kind: 'quarter', year: p.year - 1, quarter: 4 }
            : { kind: 'quarter', year: p.year, quarter: p.quarter - 1 }
          : p;
  }
  return out;
}

export function periodOptions(kind: PeriodKind, now: Date, lang: Lang) {
  const count = kind === 'month' ? 24 : kind === 'quarter' ? 12 : 5;
  return recentPeriods(kind, now, count).map((p) => ({
    value: periodKey(p),
    label: lang === 'en' ? periodLabelEn(p) : periodLabel(p),
  }));
}

/** The period's name in the UI language; the key itself when it is not one. */
export function periodName(key: string, lang: Lang): string {
  const p = parsePeriod(key);
  if (!p) return key;
  return lang === 'en' ? periodLabelEn(p) : periodLabel(p);
}

export function currentPeriod(kind: PeriodKind, now: Date): string {
  const [p] = recentPeriods(kind, now, 1);
  return p ? periodKey(p) : '';
}
