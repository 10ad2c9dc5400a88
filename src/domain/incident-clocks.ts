// The clocks of an incident ([P7] never late, [P9] publish within the hour, [P10] report
// upward): for each, when it started, its target, and at `now` whether it is met, running,
// breached or stopped, with the time left or overdue. A breach carries the reason a person
// gave. Pure: the caller passes the incident, its approvals and the clock.
import { z } from 'zod';
import type { Approval } from './approvals.ts';
import type { Grade } from './grading.ts';
import type { BreachExplanation, Incident, UpwardReport } from './incident.ts';

const minutes = (max: number) => z.number().int().min(1).max(max);
const WEEK = 7 * 24 * 60;

export const clockSettingsSchema = z
  .object({
    /** From grading as major to the first report upward (首报). */
    firstReportMinutes: minutes(WEEK),
    /** From grading as major to the leader in charge's signature on the handling opinion. */
    handlingOpinionMinutes: minutes(WEEK),
    /** From response activation to the first official statement ([P9]: in principle 1 hour). */
    firstStatementMinutes: z.object({ major: minutes(WEEK), general: minutes(WEEK) }).strict(),
    /** Between reports upward while a major incident lasts (续报); null: no cadence. */
    followUpMinutes: minutes(WEEK).nullable(),
    /** From termination of a major incident's response to the final report (终报); null: none. */
    finalReportMinutes: minutes(WEEK).nullable(),
    /** A running clock with this little left is due soon (the page colours it). */
    dueSoonMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  })
  .strict();
export type ClockSettings = z.output<typeof clockSettingsSchema>;

/**
 * Defaults: the first report within an hour of grading as major and the signed handling opinion
 * within two; the first statement within an hour of activation ([P9]) whatever the grade; a
 * follow-up report at least daily and the final report within a day of termination.
 */
export const DEFAULT_CLOCK_SETTINGS: ClockSettings = {
  firstReportMinutes: 60,
  handlingOpinionMinutes: 120,
  firstStatementMinutes: { major: 60, general: 60 },
  followUpMinutes: 24 * 60,
  finalReportMinutes: 24 * 60,
  dueSoonMinutes: 15,
};

export const CLOCK_KINDS = [
  'first_report',
  'handling_opinion',
  'first_statement',
  'follow_up',
  'final_report',
  'task',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const CLOCK_KIND_LABELS: Record<ClockKind, string> = {
  first_report: '首报时限',
  handling_opinion: '处置意见签批时限',
  first_statement: '首次权威发布时限',
  follow_up: '续报时限',
  final_report: '终报时限',
  task: '任务办理时限',
};

/**
 * met: done at or before its target (exactly at the target is met: "within an hour" includes
 * the hour). running: not done, target not passed (exactly at the target it is still running,
 * 0 ms left). breached: done after its target, or not done and the target has passed.
 * stopped: it no longer applies (grade lowered, response terminated, incident archived) and
 * stopped before its target without being done.
 */
export type ClockStatus = 'met' | 'running' | 'breached' | 'stopped';

export interface Clock {
  /** Stable per incident: first_report, handling_opinion, first_statement, follow_up:N, final_report, task:ID. */
  key: string;
  kind: ClockKind;
  /** Chinese, for the page and the drill's output. */
  label: string;
  startAt: string;
  targetAt: string;
  /** When it was done: the declared time a person gave if any, else the system time. */
  doneAt: string | null;
  /** Whether doneAt rests on a declared time (shown as such; corrections are audited). */
  doneBasis: 'system' | 'declared' | null;
  /** When it stopped applying without being done, if it did. */
  stoppedAt: string | null;
  status: ClockStatus;
  /** Running: time left to the target (0 exactly at it). */
  remainingMs: number | null;
  /** Breached: how late (done late: fixed; not done: grows with now; stopped late: to the stop). */
  overdueMs: number | null;
  /** Running with at most dueSoonMinutes left. */
  dueSoon: boolean;
  /** The latest reason a person gave for the breach. */
  explanation: BreachExplanation | null;
  taskId: string | null;
}

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const happened = (x: { at: string; declaredAt: string | null }) => ({
  t: Date.parse(x.declaredAt ?? x.at),
  basis: x.declaredAt ? ('declared' as const) : ('system' as const),
});

interface Spec {
  key: string;
  kind: ClockKind;
  start: number;
  target: number;
  done: { t: number; basis: 'system' | 'declared' } | null;
  stop: number | null;
  taskId?: string;
}

function evaluate(spec: Spec, inc: Incident, now: number, s: ClockSettings): Clock {
  let status: ClockStatus;
  let remainingMs: number | null = null;
  let overdueMs: number | null = null;
  let stoppedAt: string | null = null;
  if (spec.done) {
    status = spec.done.t <= spec.target ? 'met' : 'breached';
    if (status === 'breached') overdueMs = spec.done.t - spec.target;
  } else if (spec.stop !== null && spec.stop <= now) {
    stoppedAt = iso(spec.stop);
    if (spec.stop > spec.target) {
      status = 'breached';
      overdueMs = spec.stop - spec.target;
    } else status = 'stopped';
  } else if (now <= spec.target) {
    status = 'running';
    remainingMs = spec.target - now;
  } else {
    status = 'breached';
    overdueMs = now - spec.target;
  }
  const explanations = inc.breachExplanations.filter((b) => b.clockKey === spec.key);
  return {
    key: spec.key,
    kind: spec.kind,
    label:
      spec.kind === 'follow_up'
        ? `${CLOCK_KIND_LABELS.follow_up}（第 ${spec.key.split(':')[1]} 次）`
        : CLOCK_KIND_LABELS[spec.kind],
    startAt: iso(spec.start),
    targetAt: iso(spec.target),
    doneAt: spec.done ? iso(spec.done.t) : null,
    doneBasis: spec.done?.basis ?? null,
    stoppedAt,
    status,
    remainingMs,
    overdueMs,
    dueSoon:
      status === 'running' && remainingMs !== null && remainingMs <= s.dueSoonMinutes * MINUTE,
    explanation: explanations[explanations.length - 1] ?? null,
    taskId: spec.taskId ?? null,
  };
}

/** The grade in force at an instant (null before grading). */
export function gradeAt(inc: Pick<Incident, 'gradeHistory'>, t: number): Grade | null {
  let g: Grade | null = null;
  for (const h of inc.gradeHistory) if (Date.parse(h.at) <= t) g = h.grade;
  return g;
}

/**
 * Every clock of the incident at `now`. The major path's clocks (first report, handling
 * opinion, follow-ups, final report) run from the first time the incident was graded major,
 * and stop when its grade is lowered; raising it again resumes them from that first time, so a
 * lowering never hides a breach. Reports count by their declared time when one was given.
 */
export function incidentClocks(
  inc: Incident,
  approvals: readonly Approval[],
  now: Date,
  s: ClockSettings,
): Clock[] {
  const t = now.getTime();
  const specs: Spec[] = [];
  const firstMajor = inc.gradeHistory.find((h) => h.grade === 'major');
  const last = inc.gradeHistory[inc.gradeHistory.length - 1];
  const majorStop = firstMajor && last && last.grade !== 'major' ? Date.parse(last.at) : null;
  const terminated = inc.response.terminatedAt ? Date.parse(inc.response.terminatedAt) : null;
  const minStop = (...xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.min(...v) : null;
  };
  const reports = [...inc.reports].sort((a, b) => happened(a).t - happened(b).t);
  const first = reports.find((r) => r.kind === 'first');

  if (firstMajor) {
    const start = Date.parse(firstMajor.at);
    specs.push({
      key: 'first_report',
      kind: 'first_report',
      start,
      target: start + s.firstReportMinutes * MINUTE,
      done: first ? happened(first) : null,
      stop: majorStop,
    });
    const signed = approvals
      .filter(
        (a) =>
          a.incidentId === inc.id &&
          a.docType === 'handling_opinion' &&
          a.status === 'approved' &&
          a.decision,
      )
      .map((a) => Date.parse(a.decision?.decidedAt ?? ''))
      .sort((a, b) => a - b)[0];
    specs.push({
      key: 'handling_opinion',
      kind: 'handling_opinion',
      start,
      target: start + s.handlingOpinionMinutes * MINUTE,
      done: signed !== undefined ? { t: signed, basis: 'system' } : null,
      stop: minStop(majorStop, terminated),
    });
    if (first && s.followUpMinutes !== null)
      followUps(specs, reports, first, s.followUpMinutes, minStop(majorStop, terminated));
    if (
      terminated !== null &&
      s.finalReportMinutes !== null &&
      gradeAt(inc, terminated) === 'major'
    ) {
      const final = reports.find((r) => r.kind === 'final');
      specs.push({
        key: 'final_report',
        kind: 'final_report',
        start: terminated,
        target: terminated + s.finalReportMinutes * MINUTE,
        done: final ? happened(final) : null,
        stop: null,
      });
    }
  }

  if (inc.response.activatedAt) {
    const start = Date.parse(inc.response.activatedAt);
    const grade = gradeAt(inc, start) ?? 'general';
    const firstRelease = [...inc.releases].sort((a, b) => happened(a).t - happened(b).t)[0];
    specs.push({
      key: 'first_statement',
      kind: 'first_statement',
      start,
      target: start + s.firstStatementMinutes[grade] * MINUTE,
      done: firstRelease ? happened(firstRelease) : null,
      stop: terminated,
    });
  }

  const archived = inc.review.archivedAt ? Date.parse(inc.review.archivedAt) : null;
  for (const task of inc.tasks) {
    specs.push({
      key: `task:${task.id}`,
      kind: 'task',
      start: Date.parse(task.createdAt),
      target: Date.parse(task.deadline),
      done: task.completedAt
        ? happened({ at: task.completedAt, declaredAt: task.completedDeclaredAt })
        : null,
      stop: archived,
      taskId: task.id,
    });
  }
  return specs.map((spec) => evaluate(spec, inc, t, s));
}

/** One clock per interval between reports: each report opens the next follow-up's clock. */
function followUps(
  specs: Spec[],
  reports: readonly UpwardReport[],
  first: UpwardReport,
  cadence: number,
  stop: number | null,
): void {
  const chain = reports.filter((r) => r.kind !== 'first' && happened(r).t >= happened(first).t);
  let prev = first;
  let n = 1;
  for (;;) {
    const next = chain[n - 1];
    const start = happened(prev).t;
    specs.push({
      key: `follow_up:${n}`,
      kind: 'follow_up',
      start,
      target: start + cadence * MINUTE,
      done: next ? happened(next) : null,
      stop: next ? null : stop,
    });
    if (!next || next.kind === 'final') return;
    prev = next;
    n += 1;
  }
}

/** The clock with this key, if the incident has it. */
export function clockByKey(clocks: readonly Clock[], key: string): Clock | null {
  return clocks.find((c) => c.key === key) ?? null;
}

/** What the coverage check reads ([P7]): breaches, those nobody has explained, and what is due soon. */
export function clockFindings(clocks: readonly Clock[]): {
  breached: number;
  unexplained: number;
  running: number;
  dueSoon: number;
} {
  const breached = clocks.filter((c) => c.status === 'breached');
  return {
    breached: breached.length,
    unexplained: breached.filter((c) => !c.explanation).length,
    running: clocks.filter((c) => c.status === 'running').length,
    dueSoon: clocks.filter((c) => c.dueSoon).length,
  };
}
