// Wire schemas of briefings (简报): the list, one briefing with its document, the generate
// body and the schedule with its subscribers. Bodies come from the briefing service (one
// definition); the views document the answers and give the web UI its types (type-only).
import { z } from 'zod';
import { BRIEFING_KINDS } from '../reports/briefing-period.ts';
import type { ReportDocument } from '../reports/document.ts';
import {
  briefingListQuery,
  briefingSettingsSchema,
  generateBriefingBody,
} from '../services/briefing-input.ts';

export { briefingListQuery, briefingSettingsSchema, generateBriefingBody };

export const briefingSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(BRIEFING_KINDS),
  kindLabel: z.string(),
  year: z.number().int(),
  issueNo: z.number().int(),
  unitId: z.string().nullable(),
  periodKey: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  subject: z.object({ kind: z.enum(['incident', 'event']), id: z.string() }).nullable(),
  title: z.string(),
  subtitle: z.string(),
  summary: z.string(),
  sha256: z.string(),
  trigger: z.enum(['manual', 'schedule', 'cli']),
  generatedBy: z.object({
    kind: z.enum(['user', 'token', 'system']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  generatedAt: z.string(),
});

/** The stored ReportDocument (src/reports/document.ts), passed through as stored. */
const documentSchema = z.looseObject({
  title: z.string(),
  generatedAt: z.string(),
  blocks: z.array(z.looseObject({ kind: z.string() })),
}) as unknown as z.ZodType<ReportDocument>;

export const briefingDetailSchema = briefingSummarySchema.extend({
  document: documentSchema,
  deliveries: z.array(
    z.object({
      id: z.string(),
      address: z.string(),
      name: z.string().nullable(),
      status: z.enum(['pending', 'sent', 'failed']),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      sentAt: z.string().nullable(),
    }),
  ),
});

export const briefingPageSchema = z.object({
  items: z.array(briefingSummarySchema),
  next_cursor: z.string().nullable(),
});

export const briefingSettingsViewSchema = z.object({
  settings: briefingSettingsSchema,
  channels: z.array(z.object({ id: z.string(), name: z.string(), enabled: z.boolean() })),
  people: z.array(
    z.object({ id: z.string(), name: z.string(), unitName: z.string(), email: z.string() }),
  ),
  runs: z.array(
    z.object({
      kind: z.string(),
      periodKey: z.string(),
      slotAt: z.string(),
      status: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      briefingId: z.string().nullable(),
    }),
  ),
});

export type BriefingSummary = z.output<typeof briefingSummarySchema>;
export type BriefingDetail = z.output<typeof briefingDetailSchema>;
export type BriefingPage = z.output<typeof briefingPageSchema>;
export type BriefingSettings = z.output<typeof briefingSettingsSchema>;
export type BriefingSettingsView = z.output<typeof briefingSettingsViewSchema>;
export type GenerateBriefingBody = z.input<typeof generateBriefingBody>;
