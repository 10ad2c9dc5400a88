// Wire schemas of the informant network's assessment ([P4], [P16]): the review (审核) of each
// report, the ranking by unit and person per month or quarter, the notice (报送及采用情况通报),
// the support records (保障记录) and the scoring settings. The web UI takes its types from the
// `export type` lines at the end (type-only: no zod in the bundle).
import { z } from 'zod';
import {
  ADOPTION_LEVELS,
  PERIOD_PATTERN,
  REVIEW_DECISIONS,
  SUPPORT_KINDS,
  yuanToFen,
} from '../domain/informant-scoring.ts';
import { scoringSettingsSchema } from '../services/informant.service.ts';
import { id, reportSchema, text } from './schemas.ts';

export { scoringSettingsSchema };

export const reviewBody = z
  .object({
    decision: z.enum(REVIEW_DECISIONS),
    /** Adopted: the level of use. */
    level: z.enum(ADOPTION_LEVELS).optional(),
    /** Not adopted: why (required). */
    reason: z.string().trim().max(1000).optional(),
    note: z.string().trim().max(1000).optional(),
    /**
     * The version of the review the reviewer saw (0: none yet). When given and another review
     * came in since, the change is refused (409) rather than silently overwriting it.
     */
    expected_version: z.number().int().min(0).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.decision === 'adopted' && !b.level) {
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: 'an adopted report needs its level',
      });
    }
    if (b.decision !== 'adopted' && b.level) {
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: 'only an adopted report has a level',
      });
    }
    if (b.decision === 'not_adopted' && !b.reason) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'say why the report is not adopted',
      });
    }
  });

const person = z.object({ id: z.string(), name: z.string() });

export const leadSchema = z.object({
  /** machine_first | lead (minutes ahead) | unmatched (no monitored source has it) | no_link */
  kind: z.enum(['machine_first', 'lead', 'unmatched', 'no_link']),
  minutes: z.number().nullable(),
  machine_at: z.string().nullable(),
});

export const pointsSchema = z.object({
  report: z.number(),
  level: z.number(),
  lead: z.number(),
  total: z.number(),
});

export const reportReviewSchema = z.object({
  id: z.string(),
  report_id: z.string(),
  version: z.number(),
  decision: z.enum(REVIEW_DECISIONS),
  level: z.enum(ADOPTION_LEVELS).nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  machine_later_at: z.string().nullable(),
  reviewer: person,
  reviewed_at: z.string(),
});

/** A report with its review in force (or none), where it stood against the machine, its points. */
export const assessmentSchema = z.object({
  report: reportSchema,
  review: reportReviewSchema.nullable(),
  /** Minutes since the report was made. */
  age_minutes: z.number(),
  /** For a review: as seen when it was made; waiting: as the store stands now. */
  lead: leadSchema,
  /** What the office would likely decide: machine_found when a monitored source was first. */
  suggestion: z.enum(REVIEW_DECISIONS).nullable(),
  points: pointsSchema,
});

export const assessmentQuery = z.object({
  /** pending: the queue (oldest first); reviewed: the reviewed ones (newest report first). */
  status: z.enum(['pending', 'reviewed']).default('pending'),
  period: z
    .string()
    .regex(PERIOD_PATTERN, 'a month 2026-11, a quarter 2026-Q4 or a year 2026')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const reviewHistorySchema = z.object({
  report_id: z.string(),
  items: z.array(reportReviewSchema),
});

const periodQueryField = z
  .string()
  .regex(PERIOD_PATTERN, 'a month 2026-11, a quarter 2026-Q4 or a year 2026');

export const rankingQuery = z.object({
  period: periodQueryField,
  by: z.enum(['unit', 'person']).default('unit'),
});

export const periodSchema = z.object({
  key: z.string(),
  kind: z.enum(['month', 'quarter', 'year']),
  label: z.string(),
  label_en: z.string(),
  start: z.string(),
  end: z.string(),
});

const tallyShape = {
  reports: z.number(),
  reviewed: z.number(),
  pending: z.number(),
  adopted: z.number(),
  not_adopted: z.number(),
  machine_found: z.number(),
  /** adopted / reports; null without reports. */
  adoption_rate: z.number().nullable(),
  firsts: z.number(),
  points: z.number(),
  by_level: z.object({ daily: z.number(), special: z.number(), instruction: z.number() }),
};

export const rankingRowSchema = z.object({
  rank: z.number(),
  unit: z.object({ id: z.string(), name: z.string() }),
  person: person.nullable(),
  ...tallyShape,
});

export const rankingSchema = z.object({
  period: periodSchema,
  by: z.enum(['unit', 'person']),
  /** Every report of the period in the caller's scope. */
  totals: z.object(tallyShape),
  /** Ranks are over the whole province; a city bureau sees its own rows. */
  rows: z.array(rankingRowSchema),
  settings: scoringSettingsSchema,
});

export const noticeQuery = z.object({
  period: periodQueryField,
  format: z.enum(['docx', 'html']).default('docx'),
});

const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'not a calendar date');

export const supportBody = z
  .object({
    person_id: id,
    kind: z.enum(SUPPORT_KINDS),
    date: dateText,
    /** Money kinds: yuan, at most two decimals ("300", "12.50"). */
    amount: z.union([z.string(), z.number()]).optional(),
    /** Training: hours, at most one decimal. */
    hours: z.number().positive().max(1000).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'training') {
      if (b.hours === undefined) {
        ctx.addIssue({ code: 'custom', path: ['hours'], message: 'training is recorded in hours' });
      } else if (Math.abs(b.hours * 10 - Math.round(b.hours * 10)) > 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['hours'], message: 'at most one decimal' });
      }
      if (b.amount !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message: 'training has hours, not an amount',
        });
      }
      return;
    }
    if (b.hours !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'only training has hours' });
    }
    if (b.amount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'an amount in yuan is required' });
      return;
    }
    const fen = yuanToFen(String(b.amount));
    if (fen === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'yuan with at most two decimals, e.g. 300 or 12.50',
      });
    } else if (fen === 0) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be more than 0' });
    }
  });

export const voidBody = z.object({ reason: text(500) });

export const supportSchema = z.object({
  id: z.string(),
  person: person,
  unit: z.object({ id: z.string(), name: z.string() }),
  kind: z.enum(SUPPORT_KINDS),
  date: z.string(),
  amount_fen: z.number().nullable(),
  /** amount_fen as yuan text with two decimals. */
  amount_yuan: z.string().nullable(),
  hours: z.number().nullable(),
  note: z.string().nullable(),
  created_by: person,
  created_at: z.string(),
  voided: z.object({ at: z.string(), by: person, reason: z.string() }).nullable(),
});

export const supportQuery = z.object({
  period: periodQueryField.optional(),
  person_id: id.optional(),
  unit_id: id.optional(),
  kind: z.enum(SUPPORT_KINDS).optional(),
  /** 1: voided records listed too (never counted). */
  voided: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
});

const supportTotalSchema = z.object({
  count: z.number(),
  amount_fen: z.number(),
  amount_yuan: z.string(),
  hours: z.number(),
  by_kind: z.record(
    z.enum(SUPPORT_KINDS),
    z.object({
      count: z.number(),
      amount_fen: z.number(),
      amount_yuan: z.string(),
      hours: z.number(),
    }),
  ),
});

export const supportListSchema = z.object({
  period: periodSchema.nullable(),
  items: z.array(supportSchema),
  totals: z.object({
    all: supportTotalSchema,
    by_person: z.array(
      z.object({
        person: person,
        unit: z.object({ id: z.string(), name: z.string() }),
        total: supportTotalSchema,
      }),
    ),
    by_unit: z.array(
      z.object({ unit: z.object({ id: z.string(), name: z.string() }), total: supportTotalSchema }),
    ),
  }),
  /** Whether the caller may add and void records (the office). */
  can_write: z.boolean(),
});

export const networkSchema = z.object({
  items: z.array(
    z.object({
      unit: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
      person: person,
      since: z.string(),
    }),
  ),
});

export type ScoringSettingsWire = z.output<typeof scoringSettingsSchema>;
export type ReviewBody = z.input<typeof reviewBody>;
export type ReportReview = z.output<typeof reportReviewSchema>;
export type Assessment = z.output<typeof assessmentSchema>;
export type ReviewHistory = z.output<typeof reviewHistorySchema>;
export type Ranking = z.output<typeof rankingSchema>;
export type RankingRowWire = z.output<typeof rankingRowSchema>;
export type SupportBody = z.input<typeof supportBody>;
export type SupportRecord = z.output<typeof supportSchema>;
export type SupportList = z.output<typeof supportListSchema>;
export type InformantNetwork = z.output<typeof networkSchema>;
