// The steps a person takes on an incident ([P9]-[P15]) as one discriminated union, each with
// its zod schema: `POST /api/v1/incidents/{id}/actions` bodies are these, and incident.ts
// parses them again before it applies one, so a bad field is a 400 naming its path.
// Also the small vocabularies the steps use (emergency levels, report kinds, ...).
import { z } from 'zod';
import { ROLES } from './access.ts';
import { GRADES } from './grading.ts';
import { CONTACT_KINDS } from './organisation.ts';
import { RELEASE_CHANNELS, TALKING_POINT_KINDS } from '../publish/types.ts';

/**
 * The four emergency levels (Ⅰ particularly serious ... Ⅳ general) of the government's emergency
 * plans. Optional: incident.ts maps each grade to the levels it may take (settings).
 */
export const EMERGENCY_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type EmergencyLevel = (typeof EMERGENCY_LEVELS)[number];
export const EMERGENCY_LEVEL_LABELS: Record<EmergencyLevel, string> = {
  I: 'Ⅰ级（特别重大）',
  II: 'Ⅱ级（重大）',
  III: 'Ⅲ级（较大）',
  IV: 'Ⅳ级（一般）',
};

/** 首报 / 续报 / 终报 to the superior authority ([P10]). */
export const REPORT_KINDS = ['first', 'follow_up', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  first: '首报',
  follow_up: '续报',
  final: '终报',
};

/**
 * open: every member of staff in the incident's unit scope. restricted: the named people and
 * roles, the office and the people working the case. secret: the named people and the people
 * working the case only ([P15]). See incident-access.ts.
 */
export const CONFIDENTIALITY_LEVELS = ['open', 'restricted', 'secret'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];

/** Where an incident came from (SPEC glossary: alerts, events, informants' reports, by hand). */
export const INCIDENT_SOURCES = ['alert', 'event', 'informant_report', 'manual'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

const id = z.string().trim().min(1).max(128);
const text = (max: number) => z.string().trim().min(1).max(max);
/** ISO 8601 with an offset (SPEC "Times"). */
export const isoTime = z.iso.datetime({ offset: true });
/** When something happened in the world, as a person states it (checked: not in the future). */
const declaredAt = isoTime.optional();
const title = text(200);
const body = text(50_000);
const reason = text(2000);
const channels = z.array(z.enum(RELEASE_CHANNELS)).min(1).max(RELEASE_CHANNELS.length);
const level = z.enum(EMERGENCY_LEVELS).nullable().optional();

const handlerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('division'), unitId: id }).strict(),
  z
    .object({
      kind: z.literal('team'),
      name: text(200),
      leaderId: id,
      memberIds: z.array(id).min(1).max(50),
    })
    .strict(),
]);
export type HandlerInput = z.output<typeof handlerSchema>;

/** A release plan's parts besides its channels ([P14]): aim, audience, timing, spokesperson. */
const planFields = {
  aim: text(2000).optional(),
  audience: text(2000).optional(),
  timing: text(2000).optional(),
  spokesperson: text(200).optional(),
};
/** Talking points' kind and parts (release-rules.ts says which kind takes which). */
const pointsFields = {
  pointsKind: z.enum(TALKING_POINT_KINDS).optional(),
  qa: z
    .array(z.object({ question: text(2000), answer: text(20_000) }).strict())
    .max(50)
    .optional(),
  claim: text(5000).optional(),
  facts: text(20_000).optional(),
  factSource: text(2000).optional(),
};

/** The parts of a review report ([P17]) the office writes: what worked, what did not, changes. */
const reviewList = z.array(text(2000)).max(50);
const reviewFields = {
  successes: reviewList.optional(),
  problems: reviewList.optional(),
  improvements: reviewList.optional(),
};

/** Documents submitted as such; the response steps and grade lowering have their own actions. */
const documentDraftSchema = z.discriminatedUnion('docType', [
  z.object({ docType: z.literal('handling_opinion'), title, body }).strict(),
  z.object({ docType: z.literal('release_plan'), title, body, channels, ...planFields }).strict(),
  z.object({ docType: z.literal('talking_points'), title, body, ...pointsFields }).strict(),
  z.object({ docType: z.literal('review_report'), title, body, ...reviewFields }).strict(),
]);
export type DocumentDraft = z.output<typeof documentDraftSchema>;

const act = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();

export const incidentActionSchema = z.discriminatedUnion('type', [
  act('start_assessment', { note: text(4000).optional() }),
  act('grade', { grade: z.enum(GRADES), reason: reason.optional() }),
  act('set_leader_in_charge', { userId: id }),
  act('request_regrade', { reason, declaredAt }),
  act('decline_regrade', { reason }),
  act('raise_grade', { reason }),
  act('assign_handler', { handler: handlerSchema }),
  act('record_commander', { userId: id }),
  act('submit_document', { document: documentDraftSchema }),
  act('propose_response_activation', { title, body, level }),
  act('propose_adjustment', { title, body, level }),
  act('propose_termination', { title, body }),
  act('propose_grade_lowering', { title, body }),
  act('revise_document', {
    approvalId: id,
    title,
    body,
    level,
    channels: channels.optional(),
    ...planFields,
    ...pointsFields,
    ...reviewFields,
  }),
  act('withdraw_document', { approvalId: id, reason }),
  act('record_report', {
    kind: z.enum(REPORT_KINDS),
    recipient: text(200),
    channel: text(100).optional(),
    summary: text(20_000),
    declaredAt,
  }),
  act('record_receipt', {
    reportId: id,
    receivedBy: text(200),
    reference: text(200).optional(),
    declaredAt,
  }),
  act('log_contact', {
    contactKind: z.enum(CONTACT_KINDS),
    organisation: text(200),
    person: text(200).optional(),
    shared: text(20_000),
    declaredAt,
  }),
  /** Publishes approved talking points under the release plan in force ([P9], [P14]). */
  act('publish_release', { approvalId: id, channels, corrects: id.optional() }),
  act('withdraw_release', { releaseId: id, reason }),
  act('add_task', {
    unitId: id,
    title: text(500),
    detail: text(4000).optional(),
    deadline: isoTime,
  }),
  act('task_feedback', { taskId: id, note: text(4000), complete: z.boolean(), declaredAt }),
  act('record_facts', { text: text(20_000), declaredAt }),
  act('record_plan', { text: text(50_000) }),
  act('report_progress', { text: text(20_000), declaredAt }),
  act('pin', { entryId: id, pinned: z.boolean() }),
  act('correct_declared_time', { entryId: id, declaredAt: isoTime, reason }),
  act('explain_breach', { clockKey: text(200), reason }),
  act('set_confidentiality', {
    level: z.enum(CONFIDENTIALITY_LEVELS),
    userIds: z.array(id).max(200),
    roles: z.array(z.enum(ROLES)).max(ROLES.length),
    reason,
  }),
  act('link_items', { mentionIds: z.array(id).max(1000), eventIds: z.array(id).max(100) }),
  act('start_review', { note: text(4000).optional() }),
  act('archive', { summary: text(50_000) }),
]);

export type IncidentAction = z.output<typeof incidentActionSchema>;
export type IncidentActionType = IncidentAction['type'];
export type ActionOf<T extends IncidentActionType> = Extract<IncidentAction, { type: T }>;

/** Every action type, in the order of the plan. */
export const INCIDENT_ACTION_TYPES = incidentActionSchema.options.map(
  (o) => o.shape.type.value,
) as readonly IncidentActionType[];

export const openIncidentSchema = z
  .object({
    title: text(200),
    /** The unit the incident concerns: its unit scope decides who sees an open incident. */
    unitId: id,
    source: z.object({ kind: z.enum(INCIDENT_SOURCES), refId: id.nullable() }).strict(),
    mentionIds: z.array(id).max(1000),
    eventIds: z.array(id).max(100),
    /** When it was noticed, as a person states it. */
    declaredAt,
    confidentiality: z
      .object({
        level: z.enum(CONFIDENTIALITY_LEVELS),
        userIds: z.array(id).max(200),
        roles: z.array(z.enum(ROLES)).max(ROLES.length),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => v.source.kind === 'manual' || v.source.refId !== null, {
    path: ['source', 'refId'],
    message: 'an incident opened from an alert, event or report names it',
  });
export type OpenIncidentInput = z.output<typeof openIncidentSchema>;
