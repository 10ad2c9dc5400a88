// Every wire schema of the API: request bodies and the views answers carry. Routes validate
// with them, the OpenAPI document is built from them, and the web UI takes its types from the
// `export type` lines at the end (type-only, so no zod reaches the browser).
import { z, type ZodType } from 'zod';
import { LEADER_KINDS, ROLES, TOKEN_SCOPES } from '../domain/access.ts';
import { CONTACT_KINDS, ORG_BODIES, UNIT_KINDS } from '../domain/organisation.ts';
import { riskLexiconSchema } from '../analysis/settings-schema.ts';
import { userWordsSchema } from '../analysis/settings-schema.ts';

export const id = z.string().min(1).max(100);
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const idParams = z.object({ id });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});

export function page<T extends ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

export const scopeSchema = z.union([
  z.object({ kind: z.literal('province') }),
  z.object({ kind: z.literal('unit'), unitId: z.string() }),
]);

export const unitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  name_en: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  parent_id: z.string().nullable(),
  region_code: z.string().nullable(),
  hosts_office: z.boolean(),
  sort_order: z.number(),
});

export const personSchema = z.object({
  id: z.string(),
  unit_id: z.string(),
  name: z.string(),
  title: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
});

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  unit_id: z.string(),
  person_id: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  leader_kind: z.enum(LEADER_KINDS).nullable(),
  disabled: z.boolean(),
  locked_until: z.string().nullable(),
  created_at: z.string(),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  unit_id: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export const contactSchema = z.object({
  id: z.string(),
  kind: z.enum(CONTACT_KINDS),
  organisation: z.string(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const positionSchema = z.object({
  id: z.string(),
  body: z.enum(ORG_BODIES),
  position: z.string(),
  leader_kind: z.enum(LEADER_KINDS).nullable(),
  since: z.string(),
  person: z.object({ id: z.string(), name: z.string(), title: z.string(), unit_id: z.string() }),
});

/** Trimmed text with a length limit; empty after trimming is an error. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, 'digits, spaces, + - ( )')
  .nullable()
  .optional();

export const unitBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, up to 40'),
  name: text(100),
  name_en: optionalText(200),
  kind: z.enum(UNIT_KINDS),
  parent_id: id.nullable().optional(),
  region_code: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .nullable()
    .optional(),
  hosts_office: z.boolean().optional(),
  sort_order: z.number().int().optional(),
});

export const personBody = z.object({
  unit_id: id,
  name: text(50),
  title: text(50),
  email: z.email().max(200).nullable().optional(),
  phone,
  active: z.boolean().optional(),
});

export const contactBody = z.object({
  kind: z.enum(CONTACT_KINDS),
  organisation: text(200),
  name: optionalText(50),
  title: optionalText(100),
  phone,
  email: z.email().max(200).nullable().optional(),
  note: optionalText(1000),
});

export const structureSchema = z.object({
  leadership_group: z.array(positionSchema),
  office: z.object({ host_unit: unitSchema.nullable(), members: z.array(positionSchema) }),
  informants: z.array(
    z.object({
      unit_id: z.string(),
      person_id: z.string(),
      person_name: z.string(),
      since: z.string(),
    }),
  ),
});

export const userBody = z.object({
  username: z.string().trim().min(2).max(40),
  display_name: text(100),
  password: z.string().min(1).max(200),
  unit_id: id,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  leader_kind: z.enum(LEADER_KINDS).nullable().optional(),
  person_id: id.nullable().optional(),
});

export const meSchema = z.object({
  kind: z.enum(['user', 'token']),
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  roles: z.array(z.enum(ROLES)),
  leader_kind: z.enum(LEADER_KINDS).nullable(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  unit: unitSchema,
  scope: scopeSchema,
});

export const auditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string().nullable() }),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
});

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  head: z.string(),
  problem: z.object({ seq: z.number(), reason: z.string(), message: z.string() }).nullable(),
  /**
   * Sealed rows (incidents, approvals, informants' reports, delegations) against their audited
   * seals, and the rows derived from them (statements, signers, links) against those.
   */
  records: z.object({
    checked: z.number(),
    problems: z.array(
      z.object({
        type: z.enum([
          'incident',
          'approval',
          'report',
          'delegation',
          'release',
          'approval_signers',
          'incident_link',
        ]),
        id: z.string(),
        message: z.string(),
      }),
    ),
  }),
});

export const userPatchBody = userBody
  .omit({ username: true, password: true })
  .partial()
  .extend({ disabled: z.boolean().optional() });

export const positionBody = z.object({
  person_id: id,
  body: z.enum(ORG_BODIES),
  position: z.string().min(1).max(40),
  leader_kind: z.enum(LEADER_KINDS).nullable().optional(),
});

export const tokenBody = z.object({
  name: text(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
  unit_id: id.optional(),
});

export const createdTokenSchema = tokenSchema.extend({ token: z.string() });

export type Page<T> = { items: T[]; next_cursor: string | null };
export type Unit = z.output<typeof unitSchema>;
export type Person = z.output<typeof personSchema>;
export type User = z.output<typeof userSchema>;
export type ApiToken = z.output<typeof tokenSchema>;
export type CreatedApiToken = z.output<typeof createdTokenSchema>;
export type Contact = z.output<typeof contactSchema>;
export type Position = z.output<typeof positionSchema>;
export type OrgStructure = z.output<typeof structureSchema>;
export type Informant = OrgStructure['informants'][number];
export type Me = z.output<typeof meSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditVerify = z.output<typeof auditVerifySchema>;
export type NewUnit = z.input<typeof unitBody>;
export type NewPerson = z.input<typeof personBody>;
export type NewContact = z.input<typeof contactBody>;
export type NewUser = z.input<typeof userBody>;
export type UserPatch = z.input<typeof userPatchBody>;
export type NewPosition = z.input<typeof positionBody>;
export type NewToken = z.input<typeof tokenBody>;

/** The regions a post names, each with its adcode path (province, 市州, 县区). */
const regionsSchema = z.array(
  z.object({ adcode: z.string(), name: z.string(), level: z.string(), path: z.array(z.string()) }),
);

/** The risk assessment: a score and the categories whose terms the post holds. */
const riskResultSchema = z.object({
  score: z.number(),
  categories: z.array(z.object({ id: z.string(), weight: z.number(), terms: z.array(z.string()) })),
});

export const mentionSchema = z.object({
  id: z.string(),
  source: z.object({ id: z.string(), key: z.string(), name: z.string(), type: z.string() }),
  external_id: z.string().nullable(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  title: z.string().nullable(),
  text: z.string(),
  published_at: z.string().nullable(),
  collected_at: z.string(),
  metrics: z.record(z.string(), z.number()).nullable(),
  region: z.string().nullable(),
  channel: z.string(),
  is_demo: z.boolean(),
  /** The pipeline's reading of the post; null until it is analysed. */
  analysis: z
    .object({
      sentiment: z.object({ label: z.enum(SENTIMENTS), score: z.number() }),
      regions: regionsSchema,
      risk: riskResultSchema,
      schemes: z.array(z.object({ id: z.string(), name: z.string() })),
      keywords: z.array(z.string()),
      group: z.object({
        id: z.string(),
        /** Mentions in the similar-article group (this one included). */
        size: z.number(),
        dup_of: z.string().nullable(),
        dup_kind: z.enum(['exact', 'near']).nullable(),
      }),
    })
    .nullable(),
});

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .optional();

export const mentionQuery = listQuery.extend({
  q: z.string().trim().max(200).optional(),
  source: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  scheme: id.optional(),
  event: id.optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  /** Adcode of a province, prefecture or county: mentions naming it or a place within it. */
  region: z
    .string()
    .regex(/^\d{6}$/, 'a 6-digit adcode')
    .optional(),
  /** Risk category id. */
  risk: z.string().max(64).optional(),
  /** Fold similar articles: one row per group (its first copy) with the group's size. */
  fold: flag,
});

export const quarantineSchema = z.object({
  id: z.string(),
  received_at: z.string(),
  channel: z.string(),
  source: z.string().nullable(),
  position: z.number().nullable(),
  payload: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
  unit_id: z.string().nullable(),
  resolved_at: z.string().nullable(),
  resolution: z.string().nullable(),
  mention_id: z.string().nullable(),
});

export const reprocessResultSchema = z.object({
  outcome: z.enum(['accepted', 'duplicate', 'rejected']),
  errors: z.array(z.string()),
  mention_id: z.string().nullable(),
});

export type Mention = z.output<typeof mentionSchema>;
export type ReprocessResult = z.output<typeof reprocessResultSchema>;
export type MentionQuery = z.input<typeof mentionQuery>;
export type QuarantinedItem = z.output<typeof quarantineSchema>;

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000, 'must be at most 2000 characters');

export const sourceBody = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/, '2-64 lower-case letters, digits, _ . or -'),
  name: text(100),
  type: z.enum(['feed', 'web']),
  address: httpUrl,
  schedule: z.string().trim().max(100).optional(),
  unit_id: id.optional(),
  enabled: z.boolean().optional(),
  config: z
    .object({
      itemSelector: z.string().max(500).optional(),
      titleSelector: z.string().max(500).optional(),
      contentSelector: z.string().max(500).optional(),
      authorSelector: z.string().max(500).optional(),
      timeSelector: z.string().max(500).optional(),
      maxItems: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
});

export const sourceSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string(),
  address: z.string().nullable(),
  schedule: z.string().nullable(),
  unit_id: z.string(),
  enabled: z.boolean(),
  is_demo: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  health: z.object({
    last_run_at: z.string().nullable(),
    last_success_at: z.string().nullable(),
    last_error_at: z.string().nullable(),
    last_error: z.string().nullable(),
    consecutive_failures: z.number(),
    last_item_at: z.string().nullable(),
    items_24h: z.number(),
    items_7d: z.number(),
    coverage: z.object({
      status: z.enum(['ok', 'paused', 'never_run', 'failing', 'silent']),
      reason: z.string(),
    }),
  }),
});

export const sourceTestResultSchema = z.object({
  items: z.array(
    z.object({
      id: z.string().optional(),
      source: z.string(),
      url: z.string().optional(),
      author: z.string().optional(),
      title: z.string().optional(),
      text: z.string(),
      published_at: z.string().optional(),
    }),
  ),
  errors: z.array(z.string()),
  error: z.string().nullable(),
});

export const sourceRunResultSchema = z.object({
  ok: z.boolean(),
  not_modified: z.boolean(),
  items: z.number(),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  errors: z.array(z.string()),
});

export type Source = z.output<typeof sourceSchema>;
export type SourceTestResult = z.output<typeof sourceTestResultSchema>;
export type SourceRunResult = z.output<typeof sourceRunResultSchema>;
export type NewSource = z.input<typeof sourceBody>;

export const reportBody = z.object({
  text: text(5000),
  link: httpUrl.optional(),
  note: z.string().trim().max(2000).optional(),
  attachment: z
    .object({
      name: text(200),
      type: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf']),
      // 5 MiB of bytes is about 7 MB of base64.
      data: z.base64('must be base64').max(7_000_000, 'larger than 5 MiB'),
    })
    .optional(),
});

export const reportSchema = z.object({
  id: z.string(),
  reporter: z.object({ id: z.string(), name: z.string() }),
  unit: z.object({ id: z.string(), name: z.string() }),
  text: z.string(),
  link: z.string().nullable(),
  note: z.string().nullable(),
  attachment: z.object({ name: z.string(), type: z.string(), size: z.number() }).nullable(),
  created_at: z.string(),
  mention_id: z.string().nullable(),
  machine_found_first: z.boolean(),
  machine_found_at: z.string().nullable(),
});

export type Report = z.output<typeof reportSchema>;
export type NewReport = z.input<typeof reportBody>;

// ---------------------------------------------------------------------------------------------
// Monitoring schemes (监测方案) and analysis settings

export const ALERT_SEVERITY_VALUES = ['low', 'medium', 'high', 'major'] as const;

export const schemeAlertSchema = z.object({
  severity: z.enum(ALERT_SEVERITY_VALUES),
  min_volume: z.number().int().min(1).max(100_000),
  negative_only: z.boolean(),
});

export const schemeBody = z.object({
  name: text(100),
  query: z.string().trim().min(1, 'must not be empty').max(10_000),
  description: z.string().trim().max(1000).nullable().optional(),
  unit_id: id.optional(),
  enabled: z.boolean().optional(),
  alert: schemeAlertSchema.nullable().optional(),
});

export const schemePatch = schemeBody.partial();

export const schemeSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  description: z.string().nullable(),
  unit_id: z.string(),
  owner_id: z.string(),
  owner_name: z.string().nullable(),
  enabled: z.boolean(),
  alert: schemeAlertSchema.nullable(),
  version: z.number(),
  is_demo: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
  matches: z.number(),
});

export const schemeTestBody = z.object({
  query: z.string().max(10_000),
  limit: z.number().int().min(1).max(200).optional(),
  /** How many of the newest stored mentions to read. */
  scan: z.number().int().min(1).max(100_000).optional(),
});

export const schemeTestResultSchema = z.object({
  scanned: z.number(),
  matched: z.number(),
  truncated: z.boolean(),
  samples: z.array(
    z.object({
      id: z.string(),
      source: z.string(),
      author: z.string().nullable(),
      title: z.string().nullable(),
      text: z.string(),
      title_text: z.string(),
      collected_at: z.string(),
      hits: z.array(z.object({ field: z.string(), start: z.number(), end: z.number() })),
    }),
  ),
});

export const analysisSettingsSchema = z.object({
  risk_lexicon: riskLexiconSchema,
  risk_lexicon_is_default: z.boolean(),
  user_words: z.array(z.string()),
  pipeline_version: z.string(),
});

export const riskLexiconBody = z.object({ lexicon: riskLexiconSchema.nullable() });
export const userWordsBody = z.object({ words: userWordsSchema });

export const analysisStatusSchema = z.object({
  running: z.boolean(),
  done: z.number(),
  total: z.number(),
  started_at: z.string().nullable(),
  /** How the last run ended (since the server started); error is null when it finished. */
  last: z
    .object({
      done: z.number(),
      total: z.number(),
      started_at: z.string(),
      finished_at: z.string(),
      error: z.string().nullable(),
    })
    .nullable(),
});

export const analyseTextBody = z.object({
  title: z.string().max(1000).optional(),
  text: z.string().min(1).max(100_000),
  author: z.string().max(200).optional(),
  source: z.string().max(200).optional(),
});

export const analyseResultSchema = z.object({
  analysis: z.string(),
  sentiment: z.object({
    label: z.enum(SENTIMENTS),
    score: z.number(),
    probabilities: z.object({ negative: z.number(), neutral: z.number(), positive: z.number() }),
  }),
  regions: regionsSchema,
  risk: riskResultSchema,
  schemes: z.array(z.string()),
  keywords: z.array(z.string()),
});

export type Scheme = z.output<typeof schemeSchema>;
export type SchemeBody = z.input<typeof schemeBody>;
export type SchemeTestResult = z.output<typeof schemeTestResultSchema>;
export type AnalysisSettings = z.output<typeof analysisSettingsSchema>;
export type AnalysisStatus = z.output<typeof analysisStatusSchema>;
export type AnalyseResult = z.output<typeof analyseResultSchema>;
export type RiskLexiconWire = z.output<typeof riskLexiconSchema>;

// Duty roster (值班表): shifts per unit, rotations, overrides, the holiday calendar, and who is
// on duty. (The import sits with the block it serves; ES imports are hoisted.)
import { DUTY_DAYS, HOLIDAY_KINDS, isDate, isTimeOfDay } from '../domain/duty-roster.ts';

const timeOfDay = z.string().refine(isTimeOfDay, 'a time HH:MM from 00:00 to 23:59');
export const dutyDate = z.string().refine(isDate, 'a date YYYY-MM-DD');
const VIA = ['rotation', 'override'] as const;

export const dutyShiftBody = z.object({
  unit_id: id,
  name: text(50),
  /** Asia/Shanghai wall clock; an end at or before the start runs past midnight. */
  start_time: timeOfDay,
  end_time: timeOfDay,
  days: z.enum(DUTY_DAYS),
  sort_order: z.number().int().min(0).max(1000).optional(),
});

export const dutyShiftPatchBody = dutyShiftBody
  .omit({ unit_id: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export const dutyRotationBody = z.object({
  person_ids: z
    .array(id)
    .min(1)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'a person may appear only once'),
  starts_on: dutyDate,
  period_days: z.number().int().min(1).max(31),
});

export const dutyOverrideBody = z.object({ date: dutyDate, person_id: id, reason: text(200) });

export const dutyHolidayBody = z.object({
  date: dutyDate,
  name: text(50),
  kind: z.enum(HOLIDAY_KINDS),
});

export const dutyUnitQuery = z.object({ unitId: id.optional() });
export const dutyScheduleQuery = dutyUnitQuery.extend({
  from: dutyDate.optional(),
  days: z.coerce.number().int().min(1).max(62).default(14),
});
export const dutyHolidayQuery = z.object({ from: dutyDate.optional(), to: dutyDate.optional() });
export const dutyHolidayParams = z.object({ date: dutyDate });

const dutyPersonRef = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  unit_id: z.string(),
  active: z.boolean(),
});

export const dutyRotationSchema = z.object({
  id: z.string(),
  shift_id: z.string(),
  /** In turn order, with the people's names (a person since removed is left out of people). */
  person_ids: z.array(z.string()),
  people: z.array(dutyPersonRef),
  starts_on: z.string(),
  period_days: z.number(),
  created_at: z.string(),
});

export const dutyOverrideSchema = z.object({
  id: z.string(),
  shift_id: z.string(),
  date: z.string(),
  person_id: z.string(),
  person_name: z.string().nullable(),
  /** Shown to those who may change the unit's roster only. */
  reason: z.string().nullable(),
  created_at: z.string(),
});

export const dutyShiftSchema = z.object({
  id: z.string(),
  unit_id: z.string(),
  name: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  days: z.enum(DUTY_DAYS),
  sort_order: z.number(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Every rotation made, oldest start first; the one in force today is current_rotation_id. */
  rotations: z.array(dutyRotationSchema),
  current_rotation_id: z.string().nullable(),
  /** Overrides from 31 days ago on. */
  overrides: z.array(dutyOverrideSchema),
});

export const dutyRosterSchema = z.object({
  today: z.string(),
  shifts: z.array(dutyShiftSchema),
});

export const dutyHolidaySchema = z.object({
  date: z.string(),
  name: z.string(),
  kind: z.enum(HOLIDAY_KINDS),
});

export const dutyNowSchema = z.object({
  at: z.string(),
  units: z.array(
    z.object({
      unit_id: z.string(),
      unit_name: z.string(),
      unit_name_en: z.string().nullable(),
      /** Whether the unit has an active shift at all (none: nobody can be on duty). */
      has_shifts: z.boolean(),
      on_duty: z.array(
        z.object({
          person_id: z.string(),
          name: z.string(),
          title: z.string(),
          unit_id: z.string(),
          /** Contacts for signed-in staff only; null for machines (API tokens). */
          email: z.string().nullable(),
          phone: z.string().nullable(),
          shift_id: z.string(),
          shift_name: z.string(),
          via: z.enum(VIA),
          from: z.string(),
          until: z.string(),
        }),
      ),
    }),
  ),
});

export const dutyScheduleSchema = z.object({
  from: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number(),
      kind: z.enum(['workday', 'rest_day', 'holiday']),
      holiday_name: z.string().nullable(),
    }),
  ),
  units: z.array(
    z.object({
      unit_id: z.string(),
      unit_name: z.string(),
      unit_name_en: z.string().nullable(),
      shifts: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          start_time: z.string(),
          end_time: z.string(),
          days: z.enum(DUTY_DAYS),
        }),
      ),
      occurrences: z.array(
        z.object({
          date: z.string(),
          shift_id: z.string(),
          from: z.string(),
          until: z.string(),
          person_id: z.string().nullable(),
          person_name: z.string().nullable(),
          via: z.enum(VIA).nullable(),
        }),
      ),
    }),
  ),
});

export type DutyShiftView = z.output<typeof dutyShiftSchema>;
export type DutyRotationView = z.output<typeof dutyRotationSchema>;
export type DutyOverrideView = z.output<typeof dutyOverrideSchema>;
export type DutyRoster = z.output<typeof dutyRosterSchema>;
export type DutyHolidayView = z.output<typeof dutyHolidaySchema>;
export type DutyNow = z.output<typeof dutyNowSchema>;
export type DutySchedule = z.output<typeof dutyScheduleSchema>;
export type NewDutyShift = z.input<typeof dutyShiftBody>;
export type DutyShiftPatch = z.input<typeof dutyShiftPatchBody>;
export type NewDutyRotation = z.input<typeof dutyRotationBody>;
export type NewDutyOverride = z.input<typeof dutyOverrideBody>;
export type NewDutyHoliday = z.input<typeof dutyHolidayBody>;
