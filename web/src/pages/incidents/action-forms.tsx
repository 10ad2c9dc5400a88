// One small form per kind of step on an incident: its fields (with what the incident holds to
// pick from: document versions, reports, tasks, timeline entries, clocks, people, units), the
// values it starts with, and how its values become the action the server takes. The page
// offers only the steps the server lists in view.actions; the server checks everything again.
// The timeline's own list (a type-only module on the server side: safe in the browser).
import { DECLARABLE_KINDS } from '../../../../src/domain/incident-timeline.ts';
import { Alert, Form, Select, Switch, DatePicker, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { FC } from 'react';
import type {
  Approval,
  EmergencyLevel,
  Incident,
  IncidentAction,
  IncidentActionType,
  IncidentSettings,
  IncidentView,
} from '../../api/incidents.ts';
import type { Me, Unit } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { CONTACT_KINDS } from '../../../../src/domain/organisation.ts';
import { ROLES } from '../../../../src/domain/access.ts';
import {
  planChannels,
  planInForce,
  planParts,
  pointsContent,
  publishablePoints,
} from '../releases/content.ts';
import {
  ChannelsField,
  channelLabel,
  PlanFields,
  PointsFields,
} from '../releases/release-fields.tsx';
import {
  ChoiceField,
  DeclaredAtField,
  PersonField,
  PickField,
  TagsField,
  TextField,
  UnitField,
} from './action-fields.tsx';
import {
  isoOf,
  lines,
  list,
  need,
  optional,
  qaPairs,
  text,
  unique,
  type ActionValues,
  type DraftType,
} from './action-values.ts';
import { clockLabel } from './incident-clocks.tsx';
import { nameOf, type PersonOption } from './people.ts';

export interface ActionContext {
  view: IncidentView;
  me: Me;
  units: readonly Unit[];
  settings: IncidentSettings | null;
  people: readonly PersonOption[];
}

export interface FieldsProps {
  ctx: ActionContext;
  form: FormInstance<ActionValues>;
}

export interface ActionSpec {
  /** The form's field names (the server's details are put on these). */
  fields: readonly (keyof ActionValues)[];
  /** A server path segment that names a field differently (handler.kind -> handlerKind). */
  rename?: Record<string, keyof ActionValues>;
  danger?: boolean;
  initial?: (ctx: ActionContext) => Partial<ActionValues>;
  Fields: FC<FieldsProps>;
  build: (v: ActionValues, ctx: ActionContext) => IncidentAction;
}

// ---------------------------------------------------------------------------------------------
// What the incident holds, as choices

/** The newest version of each document. */
export function latestVersions(approvals: readonly Approval[]): Approval[] {
  const best = new Map<string, Approval>();
  for (const a of approvals) {
    const b = best.get(a.documentId);
    if (!b || a.version > b.version) best.set(a.documentId, a);
  }
  return [...best.values()];
}

/** The approvals already carried out (a response step or a lowering): not revised. */
export function enactedIds(inc: Incident): Set<string> {
  const ids = [
    inc.response.activationApprovalId,
    inc.response.terminationApprovalId,
    ...inc.response.adjustments.map((a) => a.approvalId),
    ...inc.gradeHistory.map((g) => g.approvalId),
  ];
  return new Set(ids.filter((x): x is string => Boolean(x)));
}

export function docLabel(t: Translate, a: Approval): string {
  return `${t(`approval.doc.${a.docType}`)} · ${t('approval.version', { n: a.version })} · ${a.title}`;
}

function levelsFor(settings: IncidentSettings | null, inc: Incident): readonly EmergencyLevel[] {
  if (!settings || !settings.levels.enabled) return [];
  return settings.levels[inc.grade ?? 'general'];
}

const payloadLevel = (a: Approval): EmergencyLevel | null => {
  const l = a.payload.level;
  return l === 'I' || l === 'II' || l === 'III' || l === 'IV' ? l : null;
};
/**
 * What a version holds, as the revise form's values: title, body, level, and a release plan's
 * or talking points' own parts.
 */
export function versionValues(a: Approval): Partial<ActionValues> {
  const base: Partial<ActionValues> = { title: a.title, body: a.body, level: payloadLevel(a) };
  if (a.docType === 'release_plan') {
    const parts = planParts(a);
    return {
      ...base,
      channels: planChannels(a),
      aim: parts.aim ?? undefined,
      audience: parts.audience ?? undefined,
      timing: parts.timing ?? undefined,
      spokesperson: parts.spokesperson ?? undefined,
    };
  }
  if (a.docType === 'review_report') {
    const items = (k: 'successes' | 'problems' | 'improvements') => {
      const v = a.payload[k];
      return Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('\n') : '';
    };
    return {
      ...base,
      successes: items('successes'),
      problems: items('problems'),
      improvements: items('improvements'),
    };
  }
  if (a.docType === 'talking_points') {
    const c = pointsContent(a);
    return {
      ...base,
      pointsKind: c.kind,
      qa: c.qa.map((p) => ({ ...p })),
      claim: c.claim ?? undefined,
      facts: c.facts ?? undefined,
      factSource: c.factSource ?? undefined,
    };
  }
  return base;
}

/** The values the revise form opens with when a version is chosen where it is shown. */
export function revisePreset(view: IncidentView, approvalId: string): Partial<ActionValues> {
  const a = view.approvals.find((x) => x.id === approvalId);
  return a ? { approvalId, ...versionValues(a) } : { approvalId };
}

/** A release plan's own fields, as the server takes them. */
function planFieldsOf(v: ActionValues) {
  return {
    channels: unique(v.channels),
    aim: optional(v.aim),
    audience: optional(v.audience),
    timing: optional(v.timing),
    spokesperson: optional(v.spokesperson),
  };
}

/** Talking points' own fields: a statement has no Q&A; only a clarification has its parts. */
function pointsFieldsOf(v: ActionValues) {
  const kind = v.pointsKind ?? 'statement';
  return {
    pointsKind: kind,
    qa: kind === 'statement' ? [] : qaPairs(v.qa),
    ...(kind === 'clarification'
      ? { claim: text(v.claim), facts: text(v.facts), factSource: text(v.factSource) }
      : {}),
  };
}

/** A review report's own fields, as the server takes them (one item per line). */
function reviewFieldsOf(v: ActionValues) {
  return {
    successes: lines(v.successes),
    problems: lines(v.problems),
    improvements: lines(v.improvements),
  };
}

const REVIEW_FIELDS = ['successes', 'problems', 'improvements'] as const;

const RELEASE_FIELDS = [
  'channels',
  'aim',
  'audience',
  'timing',
  'spokesperson',
  'pointsKind',
  'qa',
  'claim',
  'facts',
  'factSource',
] as const;

// ---------------------------------------------------------------------------------------------
// Shared pieces of several forms

function LevelField({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  const levels = levelsFor(ctx.settings, ctx.view.incident);
  if (!levels.length) return null;
  return (
    <Form.Item name="level" label={t('incident.field.level')} extra={t('incident.field.levelHelp')}>
      <Select
        allowClear
        options={levels.map((l) => ({ value: l, label: t(`incident.level.${l}`) }))}
        data-testid="f-level"
      />
    </Form.Item>
  );
}

function DocumentFields({ withLevel, ctx }: { withLevel: boolean; ctx: ActionContext }) {
  const { t } = useI18n();
  return (
    <>
      <TextField name="title" label={t('incident.field.docTitle')} max={200} />
      <TextField name="body" label={t('incident.field.docBody')} max={50_000} rows={8} />
      {withLevel ? <LevelField ctx={ctx} /> : null}
    </>
  );
}

const levelInitial = (ctx: ActionContext): Partial<ActionValues> => {
  const levels = levelsFor(ctx.settings, ctx.view.incident);
  const grade = ctx.view.incident.grade ?? 'general';
  const preferred = ctx.settings?.levels.defaults[grade];
  return levels.length && preferred && levels.includes(preferred) ? { level: preferred } : {};
};

const ReasonOnly: FC<FieldsProps> = () => {
  const { t } = useI18n();
  return <TextField name="reason" label={t('incident.field.reason')} max={2000} rows={3} />;
};

function NoteOnly() {
  const { t } = useI18n();
  return (
    <TextField name="note" label={t('incident.field.note')} max={4000} rows={3} required={false} />
  );
}

function TextWithTime({ max, declared }: { max: number; declared: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <TextField name="text" label={t('incident.field.text')} max={max} rows={6} />
      {declared ? <DeclaredAtField /> : null}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// The forms

function GradeFields({ ctx, form }: FieldsProps) {
  const { t, lang } = useI18n();
  const grade = Form.useWatch('grade', form);
  const suggested = ctx.view.incident.suggested;
  const differs = suggested !== null && grade !== undefined && grade !== suggested.grade;
  return (
    <>
      {suggested ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('incident.suggested', { grade: t(`incident.grade.${suggested.grade}`) })}
          description={
            <ul className="incident-reasons">
              {suggested.reasons
                .filter((r) => r.met)
                .map((r) => (
                  <li key={r.rule}>{lang === 'en' ? r.en : r.zh}</li>
                ))}
            </ul>
          }
          data-testid="grade-suggestion"
        />
      ) : null}
      <ChoiceField
        name="grade"
        label={t('incident.field.grade')}
        choices={(['major', 'general'] as const).map((g) => ({
          value: g,
          label: t(`incident.grade.${g}`),
        }))}
        extra={t('incident.field.gradeHelp')}
      />
      <TextField
        name="reason"
        label={t('incident.field.gradeReason')}
        max={2000}
        rows={2}
        required={differs}
        extra={differs ? t('incident.field.gradeReasonHelp') : undefined}
      />
    </>
  );
}

function LeaderFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  const options = ctx.view.group.deputyHeadIds.map((id) => ({
    value: id,
    label: nameOf(ctx.view, id),
  }));
  return (
    <PersonField
      name="userId"
      label={t('incident.field.leaderInCharge')}
      options={options}
      extra={t('incident.field.leaderInChargeHelp')}
    />
  );
}

function RegradeRequestFields() {
  const { t } = useI18n();
  return (
    <>
      <TextField name="reason" label={t('incident.field.reason')} max={2000} rows={3} />
      <DeclaredAtField />
    </>
  );
}

function DeclineRegradeFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  const req = ctx.view.incident.regradeRequest;
  return (
    <>
      {req ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('incident.regradeRequested', { name: nameOf(ctx.view, req.by) })}
          description={req.reason}
        />
      ) : null}
      <TextField name="reason" label={t('incident.field.reason')} max={2000} rows={3} />
    </>
  );
}

function HandlerFields({ ctx, form }: FieldsProps) {
  const { t } = useI18n();
  const kind = Form.useWatch('handlerKind', form);
  const major = ctx.view.incident.grade === 'major';
  return (
    <>
      <ChoiceField
        name="handlerKind"
        label={t('incident.field.handlerKind')}
        choices={[
          { value: 'team', label: t('incident.handler.team'), disabled: !major },
          { value: 'division', label: t('incident.handler.division') },
        ]}
        extra={
          major ? t('incident.field.handlerMajorHelp') : t('incident.field.handlerGeneralHelp')
        }
      />
      {kind === 'division' ? (
        <UnitField units={ctx.units} label={t('incident.field.handlingDivision')} divisionsOnly />
      ) : null}
      {kind === 'team' ? (
        <>
          <TextField name="name" label={t('incident.field.teamName')} max={200} />
          <PersonField
            name="leaderId"
            label={t('incident.field.teamLeader')}
            options={ctx.people}
          />
          <PersonField
            name="memberIds"
            label={t('incident.field.teamMembers')}
            options={ctx.people}
            multiple
            required={false}
            extra={t('incident.field.teamMembersHelp')}
          />
        </>
      ) : null}
    </>
  );
}

function CommanderFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  return (
    <PersonField
      name="userId"
      label={t('incident.field.commander')}
      options={ctx.people}
      extra={t('incident.field.commanderHelp')}
    />
  );
}

/** The documents the office may submit in the incident's state. */
function draftTypes(state: IncidentView['incident']['state']): readonly DraftType[] {
  return state === 'under_review'
    ? ['review_report']
    : ['handling_opinion', 'release_plan', 'talking_points'];
}

/** A review report's lists ([P17]): one item per line. */
function ReviewFields() {
  const { t } = useI18n();
  return (
    <>
      {REVIEW_FIELDS.map((name) => (
        <TextField
          key={name}
          name={name}
          label={t(`incident.review.${name}`)}
          max={60_000}
          rows={4}
          required={false}
          extra={t('incident.review.onePerLine')}
        />
      ))}
    </>
  );
}

function SubmitDocumentFields({ ctx, form }: FieldsProps) {
  const { t } = useI18n();
  const docType = Form.useWatch('docType', form);
  return (
    <>
      <ChoiceField
        name="docType"
        label={t('incident.field.docType')}
        choices={draftTypes(ctx.view.incident.state).map((d) => ({
          value: d,
          label: t(`approval.doc.${d}`),
        }))}
      />
      <TextField name="title" label={t('incident.field.docTitle')} max={200} />
      <TextField name="body" label={t('incident.field.docBody')} max={50_000} rows={8} />
      {docType === 'release_plan' ? <PlanFields /> : null}
      {docType === 'talking_points' ? <PointsFields form={form} /> : null}
      {docType === 'review_report' ? <ReviewFields /> : null}
    </>
  );
}

function ReviseFields({ ctx, form }: FieldsProps) {
  const { t } = useI18n();
  const { view } = ctx;
  const enacted = enactedIds(view.incident);
  const choices = latestVersions(view.approvals).filter(
    (a) => ['pending', 'returned', 'approved'].includes(a.status) && !enacted.has(a.id),
  );
  const pickedId = Form.useWatch('approvalId', form);
  const picked = view.approvals.find((a) => a.id === pickedId);
  const fill = (id: string) => {
    const a = view.approvals.find((x) => x.id === id);
    if (a) form.setFieldsValue(versionValues(a));
  };
  return (
    <>
      <PickField
        name="approvalId"
        label={t('incident.field.document')}
        options={choices.map((a) => ({
          value: a.id,
          label: `${docLabel(t, a)}（${t(`approval.status.${a.status}`)}）`,
        }))}
        onPick={fill}
      />
      {picked?.decision?.comment ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('incident.reviseComment', { name: nameOf(view, picked.decision.decidedBy) })}
          description={picked.decision.comment}
        />
      ) : null}
      <DocumentFields
        ctx={ctx}
        withLevel={
          picked?.docType === 'response_activation' || picked?.docType === 'response_adjustment'
        }
      />
      {picked?.docType === 'release_plan' ? <PlanFields /> : null}
      {picked?.docType === 'talking_points' ? <PointsFields form={form} /> : null}
      {picked?.docType === 'review_report' ? <ReviewFields /> : null}
    </>
  );
}

function WithdrawFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  const pending = ctx.view.approvals.filter((a) => a.status === 'pending');
  return (
    <>
      <PickField
        name="approvalId"
        label={t('incident.field.document')}
        options={pending.map((a) => ({ value: a.id, label: docLabel(t, a) }))}
      />
      <TextField name="reason" label={t('incident.field.reason')} max={2000} rows={3} />
    </>
  );
}

function ReportFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  const inc = ctx.view.incident;
  const hasFirst = inc.reports.some((r) => r.kind === 'first');
  return (
    <>
      <ChoiceField
        name="kind"
        label={t('incident.field.reportKind')}
        choices={[
          { value: 'first', label: t('incident.report.first'), disabled: hasFirst },
          { value: 'follow_up', label: t('incident.report.follow_up'), disabled: !hasFirst },
          {
            value: 'final',
            label: t('incident.report.final'),
            disabled: !hasFirst || inc.state !== 'terminated',
          },
        ]}
      />
      <TextField name="recipient" label={t('incident.field.recipient')} max={200} />
      <TextField
        name="channel"
        label={t('incident.field.reportChannel')}
        max={100}
        required={false}
        placeholder={t('incident.field.reportChannelPlaceholder')}
      />
      <TextField name="summary" label={t('incident.field.reportSummary')} max={20_000} rows={5} />
      <DeclaredAtField label={t('incident.field.reportedAt')} />
    </>
  );
}

function ReceiptFields({ ctx }: FieldsProps) {
  const { t, lang } = useI18n();
  const open = ctx.view.incident.reports.filter((r) => !r.receipt);
  return (
    <>
      <PickField
        name="reportId"
        label={t('incident.field.report')}
        options={open.map((r) => ({
          value: r.id,
          label: `${t(`incident.report.${r.kind}`)} · ${r.recipient} · ${formatTime(r.declaredAt ?? r.at, lang)}`,
        }))}
      />
      <TextField name="receivedBy" label={t('incident.field.receivedBy')} max={200} />
      <TextField
        name="reference"
        label={t('incident.field.reference')}
        max={200}
        required={false}
      />
      <DeclaredAtField label={t('incident.field.receivedAt')} />
    </>
  );
}

function ContactFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="contactKind"
        label={t('incident.field.contactKind')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          options={CONTACT_KINDS.map((k) => ({ value: k, label: t(`contactKind.${k}`) }))}
          data-testid="f-contactKind"
        />
      </Form.Item>
      <TextField name="organisation" label={t('incident.field.organisation')} max={200} />
      <TextField name="person" label={t('incident.field.person')} max={200} required={false} />
      <TextField name="shared" label={t('incident.field.shared')} max={20_000} rows={4} />
      <DeclaredAtField label={t('incident.field.contactedAt')} />
    </>
  );
}

function PublishFields({ ctx }: FieldsProps) {
  const { t, lang } = useI18n();
  const { view } = ctx;
  const inc = view.incident;
  const points = publishablePoints(inc, view.approvals);
  const plan = planInForce(view.approvals, inc.grade);
  const inForce = inc.releases.filter((r) => r.status === 'published');
  return (
    <>
      {plan ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('release.form.planInForce', { plan: docLabel(t, plan) })}
          description={planChannels(plan)
            .map((c) => channelLabel(t, c))
            .join('、')}
          data-testid="publish-plan"
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('release.form.noPlan')}
          data-testid="publish-no-plan"
        />
      )}
      <PickField
        name="approvalId"
        label={t('release.form.points')}
        options={points.map((a) => ({
          value: a.id,
          label: `${t(`release.kind.${pointsContent(a).kind}`)} · ${docLabel(t, a)}`,
        }))}
        emptyText={t('release.form.noPoints')}
      />
      <ChannelsField
        allowed={plan ? planChannels(plan) : []}
        label={t('release.form.publishChannels')}
        extra={t('incident.field.publishChannelsHelp')}
      />
      <PickField
        name="corrects"
        label={t('release.form.corrects')}
        required={false}
        options={inForce.map((r) => ({
          value: r.id,
          label: `${r.content.title}（${formatTime(r.at, lang)}）`,
        }))}
        emptyText={t('release.form.nothingToCorrect')}
      />
    </>
  );
}

function WithdrawReleaseFields({ ctx }: FieldsProps) {
  const { t, lang } = useI18n();
  const standing = ctx.view.incident.releases.filter((r) => r.status !== 'withdrawn');
  return (
    <>
      <PickField
        name="releaseId"
        label={t('release.form.statement')}
        options={standing.map((r) => ({
          value: r.id,
          label: `${r.content.title}（${t(`release.status.${r.status}`)}，${formatTime(r.at, lang)}）`,
        }))}
      />
      <TextField
        name="reason"
        label={t('release.form.withdrawReason')}
        max={2000}
        rows={3}
        extra={t('release.form.withdrawHelp')}
      />
    </>
  );
}

function TaskFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <UnitField units={ctx.units} label={t('incident.field.taskUnit')} />
      <TextField name="title" label={t('incident.field.taskTitle')} max={500} />
      <TextField
        name="detail"
        label={t('incident.field.taskDetail')}
        max={4000}
        rows={3}
        required={false}
      />
      <Form.Item
        name="deadline"
        label={t('incident.field.deadline')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <DatePicker
          showTime
          disabledDate={(d) => d.isBefore(dayjs(), 'day')}
          data-testid="f-deadline"
        />
      </Form.Item>
    </>
  );
}

function FeedbackFields({ ctx }: FieldsProps) {
  const { t, lang } = useI18n();
  const mine = ctx.view.incident.tasks.filter(
    (k) => !k.completedAt && (ctx.me.kind !== 'user' || k.unitId === ctx.me.unit.id),
  );
  return (
    <>
      <PickField
        name="taskId"
        label={t('incident.field.task')}
        options={mine.map((k) => ({
          value: k.id,
          label: `${k.title}（${t('incident.task.deadline', { at: formatTime(k.deadline, lang) })}）`,
        }))}
      />
      <TextField name="note" label={t('incident.field.feedback')} max={4000} rows={3} />
      <Form.Item name="complete" label={t('incident.field.complete')} valuePropName="checked">
        <Switch data-testid="f-complete" />
      </Form.Item>
      <DeclaredAtField />
    </>
  );
}

function PinFields({ ctx, form }: FieldsProps) {
  const { t, lang } = useI18n();
  const entries = ctx.view.timeline.filter((e) => e.kind !== 'pin');
  return (
    <>
      <PickField
        name="entryId"
        label={t('incident.field.entry')}
        options={entries.map((e) => ({
          value: e.id,
          label: `${formatTime(e.at, lang)} · ${e.summary}${e.pinned ? `（${t('incident.timeline.pinned')}）` : ''}`,
        }))}
        onPick={(id) => {
          const e = entries.find((x) => x.id === id);
          if (e) form.setFieldsValue({ pinned: !e.pinned });
        }}
      />
      <Form.Item name="pinned" label={t('incident.field.pinned')} valuePropName="checked">
        <Switch data-testid="f-pinned" />
      </Form.Item>
    </>
  );
}

function CorrectTimeFields({ ctx }: FieldsProps) {
  const { t, lang } = useI18n();
  const entries = ctx.view.timeline.filter((e) => DECLARABLE_KINDS.includes(e.kind));
  return (
    <>
      <PickField
        name="entryId"
        label={t('incident.field.entry')}
        options={entries.map((e) => ({
          value: e.id,
          label: `${formatTime(e.at, lang)} · ${e.summary}`,
        }))}
      />
      <DeclaredAtField label={t('incident.field.correctedTime')} required />
      <TextField name="reason" label={t('incident.field.reason')} max={2000} rows={2} />
    </>
  );
}

function ExplainFields({ ctx }: FieldsProps) {
  const { t } = useI18n();
  const now = Date.now();
  const late = ctx.view.clocks.filter(
    (c) => c.status === 'breached' || (c.status === 'running' && Date.parse(c.targetAt) < now),
  );
  return (
    <>
      <PickField
        name="clockKey"
        label={t('incident.field.clock')}
        options={late.map((c) => ({ value: c.key, label: clockLabel(t, c, ctx.view) }))}
      />
      <TextField name="reason" label={t('incident.field.breachReason')} max={2000} rows={3} />
    </>
  );
}

function ConfidentialityFields({ ctx, form }: FieldsProps) {
  const { t } = useI18n();
  const level = Form.useWatch('confLevel', form);
  return (
    <>
      <Form.Item
        name="confLevel"
        label={t('incident.field.confidentiality')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          options={(['open', 'restricted', 'secret'] as const).map((l) => ({
            value: l,
            label: t(`incident.conf.${l}`),
          }))}
          data-testid="f-confLevel"
        />
      </Form.Item>
      {level ? (
        <Typography.Paragraph type="secondary">
          {t(`incident.conf.hint.${level}`)}
        </Typography.Paragraph>
      ) : null}
      {level && level !== 'open' ? (
        <PersonField
          name="userIds"
          label={t('incident.field.namedReaders')}
          options={ctx.people}
          multiple
          required={false}
        />
      ) : null}
      {level === 'restricted' ? (
        <Form.Item name="roles" label={t('incident.field.roles')}>
          <Select
            mode="multiple"
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="f-roles"
          />
        </Form.Item>
      ) : null}
      <TextField name="reason" label={t('incident.field.reason')} max={2000} rows={2} />
    </>
  );
}

function LinkFields() {
  const { t } = useI18n();
  return (
    <>
      <TagsField
        name="mentionIds"
        label={t('incident.field.mentionIds')}
        extra={t('incident.field.idsHelp')}
      />
      <TagsField
        name="eventIds"
        label={t('incident.field.eventIds')}
        extra={t('incident.field.idsHelp')}
      />
    </>
  );
}

function ArchiveFields() {
  const { t } = useI18n();
  return (
    <TextField
      name="summary"
      label={t('incident.field.reviewSummary')}
      max={50_000}
      rows={8}
      extra={t('incident.field.reviewSummaryHelp')}
    />
  );
}

const DocumentOnly: FC<FieldsProps> = ({ ctx }) => <DocumentFields ctx={ctx} withLevel={false} />;
const DocumentWithLevel: FC<FieldsProps> = ({ ctx }) => <DocumentFields ctx={ctx} withLevel />;

function draftOf(v: ActionValues): IncidentAction {
  const docType: DraftType = need(v.docType, 'docType');
  const title = text(v.title);
  const body = text(v.body);
  switch (docType) {
    case 'release_plan':
      return {
        type: 'submit_document',
        document: { docType, title, body, ...planFieldsOf(v) },
      };
    case 'talking_points':
      return {
        type: 'submit_document',
        document: { docType, title, body, ...pointsFieldsOf(v) },
      };
    case 'review_report':
      return {
        type: 'submit_document',
        document: { docType, title, body, ...reviewFieldsOf(v) },
      };
    case 'handling_opinion':
      return { type: 'submit_document', document: { docType, title, body } };
  }
}

/**
 * Whether a step the server offers has nothing to act on yet (no pending version to withdraw,
 * no report awaiting its receipt, no late clock...): its button is shown disabled.
 */
export function nothingToPick(type: IncidentActionType, ctx: ActionContext): boolean {
  return IDLE[type]?.(ctx) ?? false;
}

const IDLE: Partial<Record<IncidentActionType, (ctx: ActionContext) => boolean>> = {
  revise_document: ({ view }) => {
    const enacted = enactedIds(view.incident);
    return !latestVersions(view.approvals).some(
      (a) => ['pending', 'returned', 'approved'].includes(a.status) && !enacted.has(a.id),
    );
  },
  withdraw_document: ({ view }) => !view.approvals.some((a) => a.status === 'pending'),
  record_receipt: ({ view }) => !view.incident.reports.some((r) => !r.receipt),
  publish_release: ({ view }) =>
    !planInForce(view.approvals, view.incident.grade) ||
    !publishablePoints(view.incident, view.approvals).length,
  withdraw_release: ({ view }) => !view.incident.releases.some((r) => r.status !== 'withdrawn'),
  task_feedback: ({ view, me }) =>
    !view.incident.tasks.some(
      (k) => !k.completedAt && me.kind === 'user' && k.unitId === me.unit.id,
    ),
  explain_breach: ({ view }) => {
    const now = Date.now();
    return !view.clocks.some(
      (c) => c.status === 'breached' || (c.status === 'running' && Date.parse(c.targetAt) < now),
    );
  },
};

// ---------------------------------------------------------------------------------------------
// The registry

export const ACTION_SPECS: Record<IncidentActionType, ActionSpec> = {
  start_assessment: {
    fields: ['note'],
    Fields: NoteOnly,
    build: (v) => ({ type: 'start_assessment', note: optional(v.note) }),
  },
  grade: {
    fields: ['grade', 'reason'],
    initial: (ctx) =>
      ctx.view.incident.suggested ? { grade: ctx.view.incident.suggested.grade } : {},
    Fields: GradeFields,
    build: (v) => ({ type: 'grade', grade: need(v.grade, 'grade'), reason: optional(v.reason) }),
  },
  set_leader_in_charge: {
    fields: ['userId'],
    Fields: LeaderFields,
    build: (v) => ({ type: 'set_leader_in_charge', userId: need(v.userId, 'userId') }),
  },
  request_regrade: {
    fields: ['reason', 'declaredAt'],
    Fields: RegradeRequestFields,
    build: (v) => ({
      type: 'request_regrade',
      reason: text(v.reason),
      declaredAt: isoOf(v.declaredAt),
    }),
  },
  decline_regrade: {
    fields: ['reason'],
    Fields: DeclineRegradeFields,
    build: (v) => ({ type: 'decline_regrade', reason: text(v.reason) }),
  },
  raise_grade: {
    fields: ['reason'],
    Fields: ReasonOnly,
    build: (v) => ({ type: 'raise_grade', reason: text(v.reason) }),
  },
  assign_handler: {
    fields: ['handlerKind', 'unitId', 'name', 'leaderId', 'memberIds'],
    rename: { kind: 'handlerKind' },
    initial: (ctx) => ({ handlerKind: ctx.view.incident.grade === 'major' ? 'team' : 'division' }),
    Fields: HandlerFields,
    build: (v) =>
      v.handlerKind === 'team'
        ? {
            type: 'assign_handler',
            handler: {
              kind: 'team',
              name: text(v.name),
              leaderId: need(v.leaderId, 'leaderId'),
              memberIds: list([need(v.leaderId, 'leaderId'), ...(v.memberIds ?? [])]),
            },
          }
        : {
            type: 'assign_handler',
            handler: { kind: 'division', unitId: need(v.unitId, 'unitId') },
          },
  },
  record_commander: {
    fields: ['userId'],
    initial: (ctx) => (ctx.view.group.headId ? { userId: ctx.view.group.headId } : {}),
    Fields: CommanderFields,
    build: (v) => ({ type: 'record_commander', userId: need(v.userId, 'userId') }),
  },
  submit_document: {
    fields: ['docType', 'title', 'body', ...RELEASE_FIELDS, ...REVIEW_FIELDS],
    initial: (ctx) => ({
      docType: ctx.view.incident.state === 'under_review' ? 'review_report' : 'handling_opinion',
      pointsKind: 'statement',
    }),
    Fields: SubmitDocumentFields,
    build: draftOf,
  },
  propose_response_activation: {
    fields: ['title', 'body', 'level'],
    initial: levelInitial,
    Fields: DocumentWithLevel,
    build: (v) => ({
      type: 'propose_response_activation',
      title: text(v.title),
      body: text(v.body),
      level: v.level ?? undefined,
    }),
  },
  propose_adjustment: {
    fields: ['title', 'body', 'level'],
    initial: (ctx) =>
      ctx.view.incident.response.level ? { level: ctx.view.incident.response.level } : {},
    Fields: DocumentWithLevel,
    build: (v) => ({
      type: 'propose_adjustment',
      title: text(v.title),
      body: text(v.body),
      level: v.level ?? undefined,
    }),
  },
  propose_termination: {
    fields: ['title', 'body'],
    Fields: DocumentOnly,
    build: (v) => ({ type: 'propose_termination', title: text(v.title), body: text(v.body) }),
  },
  propose_grade_lowering: {
    fields: ['title', 'body'],
    Fields: DocumentOnly,
    build: (v) => ({ type: 'propose_grade_lowering', title: text(v.title), body: text(v.body) }),
  },
  revise_document: {
    fields: ['approvalId', 'title', 'body', 'level', ...RELEASE_FIELDS, ...REVIEW_FIELDS],
    Fields: ReviseFields,
    build: (v, ctx) => {
      const approvalId = need(v.approvalId, 'approvalId');
      const a = ctx.view.approvals.find((x) => x.id === approvalId);
      const leveled = a?.docType === 'response_activation' || a?.docType === 'response_adjustment';
      return {
        type: 'revise_document',
        approvalId,
        title: text(v.title),
        body: text(v.body),
        ...(leveled ? { level: v.level ?? null } : {}),
        ...(a?.docType === 'release_plan' ? planFieldsOf(v) : {}),
        ...(a?.docType === 'talking_points' ? pointsFieldsOf(v) : {}),
        ...(a?.docType === 'review_report' ? reviewFieldsOf(v) : {}),
      };
    },
  },
  withdraw_document: {
    fields: ['approvalId', 'reason'],
    danger: true,
    Fields: WithdrawFields,
    build: (v) => ({
      type: 'withdraw_document',
      approvalId: need(v.approvalId, 'approvalId'),
      reason: text(v.reason),
    }),
  },
  record_report: {
    fields: ['kind', 'recipient', 'channel', 'summary', 'declaredAt'],
    initial: (ctx) => ({
      kind: ctx.view.incident.reports.some((r) => r.kind === 'first') ? 'follow_up' : 'first',
    }),
    Fields: ReportFields,
    build: (v) => ({
      type: 'record_report',
      kind: need(v.kind, 'kind'),
      recipient: text(v.recipient),
      channel: optional(v.channel),
      summary: text(v.summary),
      declaredAt: isoOf(v.declaredAt),
    }),
  },
  record_receipt: {
    fields: ['reportId', 'receivedBy', 'reference', 'declaredAt'],
    Fields: ReceiptFields,
    build: (v) => ({
      type: 'record_receipt',
      reportId: need(v.reportId, 'reportId'),
      receivedBy: text(v.receivedBy),
      reference: optional(v.reference),
      declaredAt: isoOf(v.declaredAt),
    }),
  },
  log_contact: {
    fields: ['contactKind', 'organisation', 'person', 'shared', 'declaredAt'],
    Fields: ContactFields,
    build: (v) => ({
      type: 'log_contact',
      contactKind: need(v.contactKind, 'contactKind'),
      organisation: text(v.organisation),
      person: optional(v.person),
      shared: text(v.shared),
      declaredAt: isoOf(v.declaredAt),
    }),
  },
  publish_release: {
    fields: ['approvalId', 'channels', 'corrects'],
    initial: ({ view }) => {
      const plan = planInForce(view.approvals, view.incident.grade);
      const points = publishablePoints(view.incident, view.approvals);
      return {
        ...(plan ? { channels: planChannels(plan) } : {}),
        ...(points.length === 1 && points[0] ? { approvalId: points[0].id } : {}),
      };
    },
    Fields: PublishFields,
    build: (v) => ({
      type: 'publish_release',
      approvalId: need(v.approvalId, 'approvalId'),
      channels: unique(v.channels),
      corrects: v.corrects || undefined,
    }),
  },
  withdraw_release: {
    fields: ['releaseId', 'reason'],
    danger: true,
    Fields: WithdrawReleaseFields,
    build: (v) => ({
      type: 'withdraw_release',
      releaseId: need(v.releaseId, 'releaseId'),
      reason: text(v.reason),
    }),
  },
  add_task: {
    fields: ['unitId', 'title', 'detail', 'deadline'],
    Fields: TaskFields,
    build: (v) => ({
      type: 'add_task',
      unitId: need(v.unitId, 'unitId'),
      title: text(v.title),
      detail: optional(v.detail),
      deadline: need(isoOf(v.deadline), 'deadline'),
    }),
  },
  task_feedback: {
    fields: ['taskId', 'note', 'complete', 'declaredAt'],
    initial: () => ({ complete: false }),
    Fields: FeedbackFields,
    build: (v) => ({
      type: 'task_feedback',
      taskId: need(v.taskId, 'taskId'),
      note: text(v.note),
      complete: v.complete === true,
      declaredAt: isoOf(v.declaredAt),
    }),
  },
  record_facts: {
    fields: ['text', 'declaredAt'],
    Fields: () => <TextWithTime max={20_000} declared />,
    build: (v) => ({ type: 'record_facts', text: text(v.text), declaredAt: isoOf(v.declaredAt) }),
  },
  record_plan: {
    fields: ['text'],
    Fields: () => <TextWithTime max={50_000} declared={false} />,
    build: (v) => ({ type: 'record_plan', text: text(v.text) }),
  },
  report_progress: {
    fields: ['text', 'declaredAt'],
    Fields: () => <TextWithTime max={20_000} declared />,
    build: (v) => ({
      type: 'report_progress',
      text: text(v.text),
      declaredAt: isoOf(v.declaredAt),
    }),
  },
  pin: {
    fields: ['entryId', 'pinned'],
    initial: () => ({ pinned: true }),
    Fields: PinFields,
    build: (v) => ({ type: 'pin', entryId: need(v.entryId, 'entryId'), pinned: v.pinned === true }),
  },
  correct_declared_time: {
    fields: ['entryId', 'declaredAt', 'reason'],
    Fields: CorrectTimeFields,
    build: (v) => ({
      type: 'correct_declared_time',
      entryId: need(v.entryId, 'entryId'),
      declaredAt: need(isoOf(v.declaredAt), 'declaredAt'),
      reason: text(v.reason),
    }),
  },
  explain_breach: {
    fields: ['clockKey', 'reason'],
    Fields: ExplainFields,
    build: (v) => ({
      type: 'explain_breach',
      clockKey: need(v.clockKey, 'clockKey'),
      reason: text(v.reason),
    }),
  },
  set_confidentiality: {
    fields: ['confLevel', 'userIds', 'roles', 'reason'],
    rename: { level: 'confLevel' },
    initial: (ctx) => ({
      confLevel: ctx.view.incident.confidentiality.level,
      userIds: [...ctx.view.incident.confidentiality.userIds],
      roles: [...ctx.view.incident.confidentiality.roles],
    }),
    Fields: ConfidentialityFields,
    build: (v) => {
      const level = need(v.confLevel, 'confLevel');
      return {
        type: 'set_confidentiality',
        level,
        userIds: level === 'open' ? [] : list(v.userIds),
        roles: level === 'restricted' ? [...new Set(v.roles ?? [])] : [],
        reason: text(v.reason),
      };
    },
  },
  link_items: {
    fields: ['mentionIds', 'eventIds'],
    Fields: LinkFields,
    build: (v) => ({
      type: 'link_items',
      mentionIds: list(v.mentionIds),
      eventIds: list(v.eventIds),
    }),
  },
  start_review: {
    fields: ['note'],
    Fields: NoteOnly,
    build: (v) => ({ type: 'start_review', note: optional(v.note) }),
  },
  archive: {
    fields: ['summary'],
    Fields: ArchiveFields,
    build: (v) => ({ type: 'archive', summary: text(v.summary) }),
  },
};
