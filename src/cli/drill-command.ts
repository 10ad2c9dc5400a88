// `yuqing drill`: a tabletop exercise (应急演练) of the response plan ([P7]-[P15]) against a
// running server, through its public API only, with the demo users in their roles. It signs in
// as each of them, takes an active alert (or opens the incident by hand when there is none)
// and walks a major incident from the alert to the termination of the response: assessment,
// grading, the handling opinion and its sign-off, the reports upward, the investigation team,
// a task to a division, the release plan and talking points, activation, publication,
// adjustment, termination and the final report. Each step prints one line (elapsed time, who,
// what, the state it left) and the incident's clocks; the first refused step ends the drill
// with the server's error. The server's rules decide everything: the drill only asks.
import {
  DOCUMENT_TYPE_LABELS,
  SIGNER_RULE_LABELS,
  type Approval,
  type DocumentType,
} from '../domain/approvals.ts';
import {
  INCIDENT_STATE_LABELS,
  type IncidentSettings,
  type IncidentState,
} from '../domain/incident.ts';
import type { IncidentAction } from '../domain/incident-actions.ts';
import type { ReleaseChannel } from '../publish/types.ts';
import type { Clock } from '../domain/incident-clocks.ts';
import type { IncidentView } from '../services/incident.service.ts';

/** The people of the drill: the office, the principal leader, the leader in charge, ... */
export const DRILL_ROLES = ['office', 'leader', 'deputy', 'investigator', 'division'] as const;
export type DrillRole = (typeof DRILL_ROLES)[number];

export const DRILL_ROLE_LABELS: Record<DrillRole, string> = {
  office: '舆情处置办公室',
  leader: '领导小组组长（主要负责同志）',
  deputy: '分管负责同志',
  investigator: '调查督办小组组长',
  division: '承办处室',
};

/** The demo accounts (src/demo/demo-organisation.ts) that play each part by default. */
export const DEFAULT_DRILL_USERS: Record<DrillRole, string> = {
  office: 'office',
  leader: 'leader',
  deputy: 'deputy',
  investigator: 'investigator',
  division: 'division',
};

export const DEFAULT_DRILL_PASSWORD = 'yuqing-demo';
const DEFAULT_TITLE = '某县统计数据造假传言';
const DRILL_MARK = '【演练】';
const TITLE_MAX = 200;

export interface DrillOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  password: string;
  /** Accounts that play the parts; the demo users where not named. */
  users?: Partial<Record<DrillRole, string>> | undefined;
  /** The incident's title, marked 【演练】 (default: the alert's title, or a made-up rumour). */
  title?: string | undefined;
  /**
   * Which active alert to open the incident from: 'demo' (default: a demo alert only, so a drill
   * never takes a real alert off the duty queue), 'any' (real ones too), 'none' (by hand).
   */
  fromAlert?: 'demo' | 'any' | 'none' | undefined;
  /** After the final report, start the after-action review (总结评估) too. */
  review?: boolean | undefined;
  /** Per request (default 30 s). */
  timeoutMs?: number | undefined;
}

/** Where the drill writes its lines (process.stdout, or a collector in tests). */
export interface DrillOutput {
  write(text: string): unknown;
}

export interface DrillStep {
  step: string;
  actor: DrillRole | null;
  username: string | null;
  ok: boolean;
  /** Since the drill started. */
  elapsedMs: number;
  /** The incident's state after the step (null before there is one). */
  state: IncidentState | null;
  note: string;
}

export interface DrillFailure {
  step: string;
  actor: DrillRole | null;
  /** HTTP status; null when the server could not be reached. */
  status: number | null;
  code: string;
  message: string;
  details?: unknown;
}

export interface DrillResult {
  /** 0: every step succeeded; 1: a step failed (see failure). */
  exitCode: 0 | 1;
  steps: DrillStep[];
  incidentId: string | null;
  incidentUrl: string | null;
  source: 'alert' | 'manual' | null;
  alertId: string | null;
  finalState: IncidentState | null;
  clocks: Clock[];
  failure: DrillFailure | null;
}

/** A usage error (exit code 2): a bad option value. */
export class DrillUsageError extends Error {}

/** `office=office,leader=zhang` -> the accounts for those parts. */
export function parseDrillUsers(spec: string): Partial<Record<DrillRole, string>> {
  const users: Partial<Record<DrillRole, string>> = {};
  for (const pair of spec.split(',')) {
    if (pair.trim() === '') continue;
    const [role, username, ...rest] = pair.split('=').map((x) => x.trim());
    if (!role || !username || rest.length) {
      throw new DrillUsageError(`--users: "${pair}" is not role=username`);
    }
    if (!(DRILL_ROLES as readonly string[]).includes(role)) {
      throw new DrillUsageError(
        `--users: unknown part "${role}"; one of ${DRILL_ROLES.join(', ')}`,
      );
    }
    users[role as DrillRole] = username;
  }
  return users;
}

/** A title given with --title: 1 to 200 characters once trimmed. */
export function parseDrillTitle(value: string): string {
  const t = value.trim();
  if (t === '' || [...t].length > TITLE_MAX)
    throw new DrillUsageError(`--title: 1 to ${TITLE_MAX} characters`);
  return t;
}

/** The incident's title, marked as a drill (【演练】) so nobody takes it for a real case. */
function drillTitle(title: string): string {
  const marked = title.startsWith(DRILL_MARK) ? title : `${DRILL_MARK}${title}`;
  return [...marked].slice(0, TITLE_MAX).join('');
}

/** The base URL, checked: http(s), no query; without a trailing slash. */
export function parseDrillUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new DrillUsageError(`--url: "${value}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new DrillUsageError(`--url: "${value}" is not an http(s) URL`);
  if (u.search || u.hash) throw new DrillUsageError(`--url: "${value}" takes no query or fragment`);
  return u.toString().replace(/\/+$/u, '');
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** 42s, 3m05s, 1h59m, 2d03h. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** Columns a terminal gives the text (CJK and full-width forms take two). */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w +=
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

const STEP_WIDTH = 34;

const pad = (text: string, width: number) =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

const stateText = (s: IncidentState) => `${s}（${INCIDENT_STATE_LABELS[s]}）`;

/** One clock, compactly: `首报时限 met`, `续报时限（第 2 次） running 23h59m left`. */
export function clockText(c: Clock): string {
  switch (c.status) {
    case 'met':
      return `${c.label} met`;
    case 'running':
      return `${c.label} running ${formatDuration(c.remainingMs ?? 0)} left${c.dueSoon ? '!' : ''}`;
    case 'breached':
      return `${c.label} BREACHED ${formatDuration(c.overdueMs ?? 0)} overdue${c.explanation ? ' (explained)' : ''}`;
    case 'stopped':
      return `${c.label} stopped`;
  }
}

const isoShort = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace('T', ' ')}Z` : '-');

/** The clocks at the end, one row each. */
function clockTable(clocks: readonly Clock[]): string[] {
  const rows = [
    ['clock', 'status', 'started', 'target', 'done', 'margin'],
    ...clocks.map((c) => [
      c.label,
      c.status,
      isoShort(c.startAt),
      isoShort(c.targetAt),
      isoShort(c.doneAt ?? c.stoppedAt),
      c.status === 'met' && c.doneAt
        ? `${formatDuration(Date.parse(c.targetAt) - Date.parse(c.doneAt))} to spare`
        : c.status === 'running'
          ? `${formatDuration(c.remainingMs ?? 0)} left`
          : c.status === 'breached'
            ? `${formatDuration(c.overdueMs ?? 0)} overdue`
            : '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows.map((r) => `  ${r.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ')}`.trimEnd());
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Reply {
  status: number;
  body: unknown;
}

/** A step the server refused, or that could not reach it. */
class StepFailed extends Error {
  constructor(readonly failure: DrillFailure) {
    super(failure.message);
  }
}

interface Me {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  unit: { id: string; code: string; name: string };
}

/** One signed-in person: their session cookie and who the server says they are. */
class Session {
  cookie: string | null = null;
  me: Me | null = null;

  constructor(
    readonly username: string,
    private readonly base: string,
    private readonly timeoutMs: number,
  ) {}

  get user(): Me {
    if (!this.me) throw new Error(`${this.username} is not signed in`);
    return this.me;
  }

  async request(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(this.base + path, {
      method,
      headers,
      signal: AbortSignal.timeout(this.timeoutMs),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair?.startsWith('yq_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the error message
    }
    return { status: res.status, body: parsed };
  }
}

/** HTTP 403; no answer (unreachable); or the drill's own check (no signer among its users). */
const statusText = (f: DrillFailure) =>
  f.status !== null ? `HTTP ${f.status}` : f.code === 'unreachable' ? 'no answer' : 'drill check';

/** The server's `{error:{code,message,details}}`, or what there is. */
function errorOf(r: Reply): { code: string; message: string; details?: unknown } {
  const e = (r.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  if (e && typeof e.code === 'string') {
    return {
      code: e.code,
      message: typeof e.message === 'string' ? e.message : '',
      ...(e.details !== undefined ? { details: e.details } : {}),
    };
  }
  const text = typeof r.body === 'string' ? r.body.slice(0, 200) : JSON.stringify(r.body);
  return { code: `http_${r.status}`, message: text || `HTTP ${r.status}` };
}

function networkMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'the server did not answer in time';
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : '';
  return detail ? `${err.message} (${detail})` : err.message;
}

interface AlertItem {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  unit_id: string;
  incident_id: string | null;
  is_demo: boolean;
}

// ---------------------------------------------------------------------------------------------
// The drill

/** A 1x1 PNG: the drill's stand-in for a screenshot of the press conference's report. */
const DRILL_PROOF_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

class Drill {
  readonly steps: DrillStep[] = [];
  readonly sessions = new Map<DrillRole, Session>();
  view: IncidentView | null = null;
  incidentId: string | null = null;
  source: 'alert' | 'manual' | null = null;
  alertId: string | null = null;
  private readonly started = performance.now();
  private readonly seenEntries = new Set<string>();
  /** The "who" column: wide enough for `leader(some.account)`. */
  private readonly whoWidth: number;

  constructor(
    readonly base: string,
    readonly users: Record<DrillRole, string>,
    readonly out: DrillOutput,
    readonly timeoutMs: number,
  ) {
    this.whoWidth =
      Math.max(...DRILL_ROLES.map((r) => displayWidth(users[r] === r ? r : `${r}(${users[r]})`))) +
      2;
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }

  line(text: string): void {
    this.out.write(`${text}\n`);
  }

  session(role: DrillRole): Session {
    const s = this.sessions.get(role);
    if (!s) throw new Error(`no session for ${role}`);
    return s;
  }

  /** A request as part of a step: the body of a 2xx answer, else the step fails. */
  async call(
    step: string,
    role: DrillRole,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    let r: Reply;
    try {
      r = await this.session(role).request(method, path, body);
    } catch (err) {
      throw new StepFailed({
        step,
        actor: role,
        status: null,
        code: 'unreachable',
        message: `${method} ${path}: ${networkMessage(err)}`,
      });
    }
    if (r.status >= 200 && r.status < 300) return r.body;
    throw new StepFailed({ step, actor: role, status: r.status, ...errorOf(r) });
  }

  /** The start of a step's line: elapsed time and who. */
  private lead(role: DrillRole | null): string {
    const when = `+${(this.elapsed() / 1000).toFixed(2)}s`.padStart(9);
    return `${when}  ${pad(this.who(role), this.whoWidth)}`;
  }

  /** The part, and the account playing it when that is not the demo user of its name. */
  who(role: DrillRole | null): string {
    if (!role) return '-';
    const username = this.sessions.get(role)?.username;
    return username && username !== role ? `${role}(${username})` : role;
  }

  /** Prints and records a step that succeeded. */
  record(step: string, role: DrillRole | null, note: string, clocks = false): void {
    const state = this.view?.incident.state ?? null;
    this.steps.push({
      step,
      actor: role,
      username: role ? (this.sessions.get(role)?.username ?? null) : null,
      ok: true,
      elapsedMs: this.elapsed(),
      state,
      note,
    });
    const where = state ? `→ ${pad(stateText(state), 26)}` : pad('', 28);
    this.line(
      `${this.lead(role)}${pad(step, STEP_WIDTH)}${where}${note ? ` ${note}` : ''}`.trimEnd(),
    );
    if (clocks && this.view?.clocks.length) {
      this.line(`${' '.repeat(11)}⏱ ${this.view.clocks.map(clockText).join(' · ')}`);
    }
  }

  /** Records the step that failed (the server's answer is printed at the end). */
  fail(f: DrillFailure): void {
    this.steps.push({
      step: f.step,
      actor: f.actor,
      username: f.actor ? (this.sessions.get(f.actor)?.username ?? null) : null,
      ok: false,
      elapsedMs: this.elapsed(),
      state: this.view?.incident.state ?? null,
      note: `${f.code}: ${f.message}`,
    });
    this.line(`${this.lead(f.actor)}${pad(f.step, STEP_WIDTH)}✗ ${statusText(f)} ${f.code}`);
  }

  /** The summaries of the timeline entries this view adds (what the step did, in Chinese). */
  private newEntries(view: IncidentView): string {
    const fresh = view.timeline.filter((e) => !this.seenEntries.has(e.id));
    for (const e of view.timeline) this.seenEntries.add(e.id);
    return fresh.map((e) => e.summary).join('；');
  }

  adopt(view: IncidentView): string {
    this.view = view;
    return this.newEntries(view);
  }

  private expectState(step: string, role: DrillRole, want: IncidentState | undefined): void {
    const got = this.view?.incident.state;
    if (want && got !== want) {
      throw new StepFailed({
        step,
        actor: role,
        status: 200,
        code: 'unexpected_state',
        message: `the incident should now be ${want}, but it is ${got ?? 'missing'}`,
      });
    }
  }

  /** One step on the incident, on the revision last seen. */
  async act(
    role: DrillRole,
    action: IncidentAction,
    opts: { step?: string; expect?: IncidentState } = {},
  ): Promise<IncidentView> {
    const step = opts.step ?? action.type;
    const id = this.incidentId;
    if (!id || !this.view) throw new Error('no incident yet');
    const view = (await this.call(step, role, 'POST', `/api/v1/incidents/${id}/actions`, {
      action,
      expectedRevision: this.view.incident.revision,
    })) as IncidentView;
    const note = this.adopt(view);
    this.expectState(step, role, opts.expect);
    this.record(step, role, note, true);
    return view;
  }

  /** Submits a document (or proposes a response step): the new pending approval. */
  async submit(role: DrillRole, action: IncidentAction, docType: DocumentType): Promise<Approval> {
    const before = new Set(this.view?.approvals.map((a) => a.id) ?? []);
    const step = action.type === 'submit_document' ? `submit_document ${docType}` : action.type;
    const view = await this.act(role, action, { step });
    const created = view.approvals.filter(
      (a) => !before.has(a.id) && a.docType === docType && a.status === 'pending',
    );
    const approval = created[created.length - 1];
    if (!approval) {
      throw new StepFailed({
        step,
        actor: role,
        status: 200,
        code: 'no_approval',
        message: `no pending ${docType} came back from the server`,
      });
    }
    return approval;
  }

  /** The signed-in person the approval names as its signer (the first named who is here). */
  signerOf(approval: Approval): DrillRole | null {
    for (const userId of approval.signer.userIds) {
      for (const role of DRILL_ROLES) {
        if (this.sessions.get(role)?.me?.id === userId) return role;
      }
    }
    return null;
  }

  /** The named signer approves; approving a response step enacts it. */
  async approve(approval: Approval, expect?: IncidentState): Promise<IncidentView> {
    const step = `approve ${approval.docType}`;
    const role = this.signerOf(approval);
    if (!role) {
      const names = approval.signer.userIds.map((u) => this.view?.people[u] ?? u).join(', ');
      throw new StepFailed({
        step,
        actor: null,
        status: null,
        code: 'no_signer',
        message: `${DOCUMENT_TYPE_LABELS[approval.docType]} is for ${SIGNER_RULE_LABELS[approval.signer.rule]} to sign (${names || 'nobody holds that position'}), and none of the drill's users is one of them`,
      });
    }
    const view = (await this.call(step, role, 'POST', `/api/v1/approvals/${approval.id}/decision`, {
      decision: 'approve',
      comment: '同意（演练）',
    })) as IncidentView;
    const note = this.adopt(view);
    const decided = view.approvals.find((a) => a.id === approval.id);
    if (decided?.status !== 'approved') {
      throw new StepFailed({
        step,
        actor: role,
        status: 200,
        code: 'not_approved',
        message: `${approval.docType} is ${decided?.status ?? 'missing'} after approving it`,
      });
    }
    this.expectState(step, role, expect);
    this.record(step, role, note, true);
    return view;
  }

  /**
   * The statement just published is on the public record: its page and the Atom feed answer
   * without signing in and carry it; the office records the press conference's proof.
   */
  async checkRelease(approvalId: string): Promise<void> {
    const step = 'check_release';
    const release = this.view?.incident.releases.find((r) => r.approvalId === approvalId);
    if (!release) {
      throw new StepFailed({
        step,
        actor: null,
        status: null,
        code: 'no_release',
        message: 'the published statement is not on the incident',
      });
    }
    const anonymous = new Session('public', this.base, this.timeoutMs);
    for (const path of [`/releases/${release.id}`, '/releases/feed.xml']) {
      let r: Reply;
      try {
        r = await anonymous.request('GET', path);
      } catch (err) {
        throw new StepFailed({
          step,
          actor: null,
          status: null,
          code: 'unreachable',
          message: `GET ${path}: ${networkMessage(err)}`,
        });
      }
      const text = typeof r.body === 'string' ? r.body : '';
      const expected = path.endsWith('.xml') ? `urn:yuqing:release:${release.id}` : release.id;
      if (r.status !== 200 || !text.includes(expected)) {
        throw new StepFailed({
          step,
          actor: null,
          status: r.status,
          code: 'not_public',
          message: `GET ${path} without signing in does not carry the statement`,
        });
      }
    }
    const item = (await this.call(step, 'office', 'GET', `/api/v1/releases/${release.id}`)) as {
      pageUrl: string;
      publications: { id: string; channel: string; status: string }[];
    };
    for (const p of item.publications.filter((x) => x.status === 'awaiting_proof')) {
      await this.call(step, 'office', 'POST', `/api/v1/publications/${p.id}/proof`, {
        url: item.pageUrl,
        screenshot: { name: 'drill-proof.png', type: 'image/png', data: DRILL_PROOF_PNG },
        note: '发布会实录（演练）',
      });
    }
    this.record(step, 'office', `public page and Atom feed carry it: ${item.pageUrl}`);
  }

  /**
   * The review generated from the record carries every clock of the incident with its result,
   * and opens as a Word document.
   */
  async checkReview(): Promise<void> {
    const step = 'check_review';
    const id = this.incidentId;
    if (!id) throw new Error('no incident yet');
    const view = await this.refresh(step, 'office');
    const review = (await this.call(step, 'office', 'GET', `/api/v1/incidents/${id}/review`)) as {
      document: { blocks: { kind: string; caption?: string; rows?: string[][] }[] };
    };
    const table = review.document.blocks.find(
      (b) => b.kind === 'table' && b.caption?.includes('时限'),
    );
    const rows = table?.rows ?? [];
    const missing = view.clocks.filter((c) => !rows.some((r) => r[0] === c.label));
    if (rows.length !== view.clocks.length || missing.length) {
      throw new StepFailed({
        step,
        actor: 'office',
        status: 200,
        code: 'review_clocks',
        message: `the review lists ${rows.length} clocks, the incident has ${view.clocks.length}${missing.length ? ` (missing: ${missing.map((c) => c.label).join(', ')})` : ''}`,
      });
    }
    const docx = await this.sessions
      .get('office')
      ?.request('GET', `/api/v1/incidents/${id}/review.docx`);
    if (docx?.status !== 200) {
      throw new StepFailed({
        step,
        actor: 'office',
        status: docx?.status ?? null,
        code: 'review_docx',
        message: 'the review does not download as a Word document',
      });
    }
    const results = rows.map((r) => `${r[0]} ${r[4]}`).join('; ');
    this.record(step, 'office', `review lists ${rows.length} clocks: ${results}`);
  }

  async refresh(step: string, role: DrillRole): Promise<IncidentView> {
    const id = this.incidentId;
    if (!id) throw new Error('no incident yet');
    const view = (await this.call(step, role, 'GET', `/api/v1/incidents/${id}`)) as IncidentView;
    this.view = view;
    return view;
  }

  /** Opens the incident: from an active alert in the office's scope, or by hand. */
  async openIncident(title: string | undefined, fromAlert: 'demo' | 'any' | 'none'): Promise<void> {
    let alert: AlertItem | null = null;
    if (fromAlert !== 'none') {
      const page = (await this.call(
        'find_alert',
        'office',
        'GET',
        '/api/v1/alerts?status=active&kind=event&limit=50',
      )) as { items: AlertItem[] };
      const active = page.items.filter(
        (a) =>
          (a.status === 'open' || a.status === 'acknowledged') &&
          !a.incident_id &&
          (fromAlert === 'any' || a.is_demo),
      );
      // A demo alert first (a drill should not take a real one off the queue), a major one first.
      const rank = (a: AlertItem) => (a.is_demo ? 0 : 2) + (a.severity === 'major' ? 0 : 1);
      alert = [...active].sort((a, b) => rank(a) - rank(b))[0] ?? null;
      this.record(
        'find_alert',
        'office',
        alert
          ? `alert ${alert.id} (${alert.is_demo ? 'demo, ' : ''}${alert.severity}, ${alert.status}): ${alert.title}`
          : fromAlert === 'demo'
            ? 'no active demo alert (real alerts stay on the duty queue; --real-alert takes one): the incident is opened by hand (source manual)'
            : 'no active alert in the office’s scope: the incident is opened by hand (source manual)',
      );
    } else {
      this.record('find_alert', null, '--no-alert: the incident is opened by hand (source manual)');
    }
    const office = this.session('office').user;
    if (alert) {
      if (alert.status === 'open') {
        await this.call('ack_alert', 'office', 'POST', `/api/v1/alerts/${alert.id}/ack`);
        this.record('ack_alert', 'office', `预警 ${alert.id} 已签收`);
      }
      const name = drillTitle(title ?? alert.title);
      const linked = (await this.call(
        'link_alert',
        'office',
        'POST',
        `/api/v1/alerts/${alert.id}/link`,
        {
          title: name,
        },
      )) as { status?: string; incident_id?: string | null };
      if (!linked.incident_id) {
        throw new StepFailed({
          step: 'link_alert',
          actor: 'office',
          status: 200,
          code: 'no_incident',
          message: `the linked alert names no incident (status ${linked.status ?? '?'})`,
        });
      }
      this.source = 'alert';
      this.alertId = alert.id;
      this.incidentId = linked.incident_id;
      const note = this.adopt(await this.refresh('link_alert', 'office'));
      this.expectState('link_alert', 'office', 'reported');
      this.record('link_alert', 'office', `incident ${linked.incident_id}；${note}`, true);
    } else {
      const view = (await this.call('open_incident', 'office', 'POST', '/api/v1/incidents', {
        title: drillTitle(title ?? DEFAULT_TITLE),
        unitId: office.unit.id,
        source: { kind: 'manual', refId: null },
        mentionIds: [],
        eventIds: [],
      })) as IncidentView;
      this.source = 'manual';
      this.incidentId = view.incident.id;
      const note = this.adopt(view);
      this.expectState('open_incident', 'office', 'reported');
      this.record('open_incident', 'office', `incident ${view.incident.id}；${note}`, true);
    }
  }
}

/** A level of the grade other than the response's current one, for the adjustment. */
function adjustedLevel(
  settings: IncidentSettings,
  current: string | null,
): 'I' | 'II' | 'III' | 'IV' | undefined {
  if (!settings.levels.enabled) return undefined;
  return settings.levels.major.find((l) => l !== current);
}

const text = (title: string, body: string) => ({ title, body });

/** A step the server accepted whose result is not in the record it answered with. */
const missing = (step: string, actor: DrillRole, what: string) =>
  new StepFailed({
    step,
    actor,
    status: 200,
    code: 'not_recorded',
    message: `${what} is not in the incident the server answered with`,
  });

/**
 * Runs the whole drill and writes its lines to `out`. Never throws for a refused step: the
 * result says which step failed and why (exit code 1). Usage errors are the caller's.
 */
export async function runDrill(options: DrillOptions, out: DrillOutput): Promise<DrillResult> {
  const base = parseDrillUrl(options.url);
  const users = { ...DEFAULT_DRILL_USERS, ...(options.users ?? {}) };
  const d = new Drill(base, users, out, options.timeoutMs ?? 30_000);
  const fromAlert = options.fromAlert ?? 'demo';
  d.line(`应急演练 · drill of a major incident against ${base}`);
  d.line(`  parts: ${DRILL_ROLES.map((r) => `${r}=${users[r]}`).join(', ')}`);
  d.line('');
  let failure: DrillFailure | null = null;
  try {
    // Everyone signs in; the server says who they are.
    for (const role of DRILL_ROLES) {
      const s = new Session(users[role], base, d.timeoutMs);
      d.sessions.set(role, s);
      const r = (await d.call('sign_in', role, 'POST', '/api/v1/auth/login', {
        username: users[role],
        password: options.password,
      })) as { user: Me };
      s.me = r.user;
      if (!s.cookie) {
        throw new StepFailed({
          step: 'sign_in',
          actor: role,
          status: 200,
          code: 'no_session',
          message: 'the server set no session cookie',
        });
      }
      d.record(
        'sign_in',
        role,
        `${r.user.display_name} · ${r.user.unit.name} · ${r.user.roles.join(',')}`,
      );
    }
    const settings = (await d.call(
      'read_settings',
      'office',
      'GET',
      '/api/v1/incidents/settings',
    )) as IncidentSettings;

    await d.openIncident(options.title, fromAlert);
    const deputy = d.session('deputy').user;
    const leader = d.session('leader').user;
    const investigator = d.session('investigator').user;
    const division = d.session('division').user;
    const title = d.view?.incident.title ?? DEFAULT_TITLE;

    // [P10] The office assesses and grades at once; a major item goes to the group.
    await d.act(
      'office',
      { type: 'start_assessment', note: '演练：开始研判' },
      { expect: 'assessing' },
    );
    await d.act('office', { type: 'set_leader_in_charge', userId: deputy.id });
    await d.act(
      'office',
      { type: 'grade', grade: 'major', reason: '演练：涉及统计数据真实性，按重大舆情处置' },
      { expect: 'graded' },
    );
    await d.act('leader', {
      type: 'assign_handler',
      handler: {
        kind: 'team',
        name: '调查督办小组（演练）',
        leaderId: investigator.id,
        memberIds: [investigator.id],
      },
    });
    await d.act('leader', { type: 'record_commander', userId: leader.id });

    // First report upward and its receipt.
    const first = await d.act(
      'office',
      {
        type: 'record_report',
        kind: 'first',
        recipient: '国家统计局（演练）',
        channel: '电话',
        summary: `首报：${title}`,
      },
      { step: 'record_report first' },
    );
    const report = first.incident.reports.find((r) => r.kind === 'first');
    if (!report) throw missing('record_report first', 'office', 'the first report');
    await d.act('office', {
      type: 'record_receipt',
      reportId: report.id,
      receivedBy: '国家统计局值班室（演练）',
    });

    // The handling opinion, signed by the leader in charge.
    const opinion = await d.submit(
      'office',
      {
        type: 'submit_document',
        document: {
          docType: 'handling_opinion',
          ...text(
            '处置意见（演练）',
            `关于「${title}」：成立调查督办小组核实情况，拟发布权威信息。`,
          ),
        },
      },
      'handling_opinion',
    );
    await d.approve(opinion);

    // A task to the division, done by it.
    const before = new Set(d.view?.incident.tasks.map((t) => t.id) ?? []);
    const withTask = await d.act('office', {
      type: 'add_task',
      unitId: division.unit.id,
      title: '核实相关统计数据（演练）',
      detail: '核对原始数据与发布数据，说明口径。',
      deadline: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    const task = withTask.incident.tasks.find((t) => !before.has(t.id));
    if (!task) throw missing('add_task', 'office', 'the task');
    await d.act('division', {
      type: 'task_feedback',
      taskId: task.id,
      note: '已核实：数据来源清楚，口径一致（演练）。',
      complete: true,
    });

    // [P13] The investigation team: facts, plan, progress.
    await d.act('investigator', {
      type: 'record_facts',
      text: '经核实，网传数据与公开发布数据口径不同，不存在篡改（演练）。',
    });
    await d.act('investigator', {
      type: 'record_plan',
      text: '发布说明，解读统计口径；跟踪舆情走势（演练）。',
    });
    await d.act('investigator', {
      type: 'report_progress',
      text: '核查完成，说明稿已起草（演练）。',
    });

    // [P14] The release plan and the talking points, agreed by the group. The drill's statement
    // goes to the public page (GET /releases, labelled 演练) and a press conference only: a
    // manual channel, so nothing is posted to the website, Weibo or WeChat during a drill.
    const channels: ReleaseChannel[] = ['press_conference'];
    const plan = await d.submit(
      'office',
      {
        type: 'submit_document',
        document: {
          docType: 'release_plan',
          ...text('信息发布方案（演练）', '在新闻发布会上发布情况说明，同步登载于权威信息发布页。'),
          channels,
          aim: '说明统计口径，回应网传数据（演练）',
          audience: '公众与媒体',
          timing: '应急响应启动后一小时内',
          spokesperson: '新闻发言人（演练）',
        },
      },
      'release_plan',
    );
    await d.approve(plan);
    const points = await d.submit(
      'office',
      {
        type: 'submit_document',
        document: {
          docType: 'talking_points',
          ...text('口径（演练）', '统计数据依法依规生产，网传数据系口径不同所致。'),
          pointsKind: 'clarification',
          claim: '网传某市统计数据造假（演练）',
          facts: '网传数据与公布数据统计口径不同，公布数据经依法核算（演练）。',
          factSource: '省统计局核算处（演练）',
        },
      },
      'talking_points',
    );
    await d.approve(points);

    // [P9] The response, started on approval; the statement published; the media told.
    const activation = await d.submit(
      'office',
      {
        type: 'propose_response_activation',
        ...text('启动应急响应（演练）', '建议启动重大舆情应急响应。'),
      },
      'response_activation',
    );
    await d.approve(activation, 'responding');
    await d.act('office', {
      type: 'publish_release',
      approvalId: points.id,
      channels,
    });
    await d.checkRelease(points.id);
    await d.act('office', {
      type: 'log_contact',
      contactKind: 'media',
      organisation: '甘肃广播电视总台（演练）',
      shared: '提供情况说明和口径。',
    });
    await d.act(
      'office',
      {
        type: 'record_report',
        kind: 'follow_up',
        recipient: '国家统计局（演练）',
        summary: '续报：核查完成，已发布情况说明。',
      },
      { step: 'record_report follow_up' },
    );

    // Adjusted, then terminated, each on approval; the final report closes it upward.
    const level = adjustedLevel(settings, d.view?.incident.response.level ?? null);
    const adjustment = await d.submit(
      'office',
      {
        type: 'propose_adjustment',
        ...text('调整应急响应（演练）', '转载量上升，建议调整响应级别。'),
        ...(level ? { level } : {}),
      },
      'response_adjustment',
    );
    await d.approve(adjustment, 'responding');
    const termination = await d.submit(
      'office',
      {
        type: 'propose_termination',
        ...text('终止应急响应（演练）', '舆情平息，建议终止应急响应。'),
      },
      'response_termination',
    );
    await d.approve(termination, 'terminated');
    await d.act(
      'office',
      {
        type: 'record_report',
        kind: 'final',
        recipient: '国家统计局（演练）',
        summary: '终报：应急响应已终止，处置完毕。',
      },
      { step: 'record_report final', expect: 'terminated' },
    );
    if (options.review) {
      await d.act(
        'office',
        { type: 'start_review', note: '演练：开始总结评估' },
        { expect: 'under_review' },
      );
      // [P17]: the office writes the review on the generated draft; the group approves it.
      const review = await d.submit(
        'office',
        {
          type: 'submit_document',
          document: {
            docType: 'review_report',
            ...text('总结评估报告（演练）', '演练按预案完成，各环节在时限内。'),
            successes: ['启动响应后一小时内发布权威信息', '首报、续报、终报按时报送'],
            problems: ['演练中未发现问题'],
            improvements: ['定期开展应急演练'],
          },
        },
        'review_report',
      );
      await d.approve(review, 'under_review');
      await d.checkReview();
      await d.act(
        'office',
        { type: 'archive', summary: '演练结束，总结评估报告经领导小组审定后归档。' },
        { expect: 'archived' },
      );
    }
  } catch (err) {
    if (!(err instanceof StepFailed)) throw err;
    failure = err.failure;
    d.fail(failure);
  }

  // The record as it stands, read once more (a failure's incident too, if there is one).
  if (d.incidentId) {
    try {
      await d.refresh('read_incident', 'office');
    } catch (err) {
      if (!(err instanceof StepFailed)) throw err;
      if (!failure) {
        failure = err.failure;
        d.fail(failure);
      }
    }
  }
  const incidentUrl = d.incidentId ? `${base}/api/v1/incidents/${d.incidentId}` : null;
  const clocks = d.view?.clocks ?? [];
  d.line('');
  if (failure) {
    const actor = d.who(failure.actor);
    d.line(
      `✗ FAILED at step "${failure.step}" by ${actor}: ${statusText(failure)} ${failure.code}: ${failure.message}`,
    );
    if (failure.details !== undefined) d.line(`  details: ${JSON.stringify(failure.details)}`);
    const left = d.view?.incident.state;
    if (left) d.line(`  the drill's incident stays ${stateText(left)} on the server`);
  } else {
    const state = d.view?.incident.state;
    d.line(
      `✓ drill complete: ${d.steps.length} steps in ${formatDuration(d.steps.at(-1)?.elapsedMs ?? 0)}, incident ${state ? stateText(state) : '?'}`,
    );
  }
  if (clocks.length) {
    d.line('');
    d.line('clocks:');
    for (const row of clockTable(clocks)) d.line(row);
  }
  if (d.source)
    d.line(`source: ${d.source === 'alert' ? `alert ${d.alertId}` : 'opened by hand (manual)'}`);
  if (incidentUrl) d.line(`incident: ${incidentUrl}`);

  // Sign out, quietly: the drill leaves no sessions behind.
  for (const s of d.sessions.values()) {
    if (!s.cookie) continue;
    try {
      await s.request('POST', '/api/v1/auth/logout');
    } catch {
      // the server may be gone; nothing to clean up then
    }
  }

  return {
    exitCode: failure ? 1 : 0,
    steps: d.steps,
    incidentId: d.incidentId,
    incidentUrl,
    source: d.source,
    alertId: d.alertId,
    finalState: d.view?.incident.state ?? null,
    clocks,
    failure,
  };
}
