// Wire schemas of the case library (典型案例): the bodies routes validate, the views answers
// carry (documented in the OpenAPI document) and, through the `export type` lines, the web UI's
// types (type-only: no zod reaches the browser).
import { z } from 'zod';
import {
  CASE_FILE_TYPES,
  CASE_GRADES,
  CASE_KINDS,
  MAX_TAGS,
  type CaseAttachmentView,
  type CaseDetail,
  type CaseListItem,
} from '../services/case.service.ts';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const list = (maxItems: number, maxChars: number) =>
  z.array(text(maxChars)).max(maxItems, `at most ${maxItems} items`);

const videoSchema = z.object({
  title: text(200),
  url: z
    .url({ protocol: /^https$/, message: 'must be an https URL' })
    .max(2000, 'must be at most 2000 characters'),
});

const contentFields = {
  title: text(200),
  summary: z.string().trim().max(20_000),
  successes: list(50, 2000),
  problems: list(50, 2000),
  lessons: list(50, 2000),
  tags: z.array(z.string().max(100)).max(MAX_TAGS * 2, `at most ${MAX_TAGS} tags`),
  kind: z.enum(CASE_KINDS),
  videos: z.array(videoSchema).max(20, 'at most 20 video links'),
};

export const caseCreateBody = z
  .object({
    fromIncident: id
      .optional()
      .describe('copy title, body, successes, problems and improvements of its approved review'),
    declassification: z
      .object({ reason: text(2000) })
      .optional()
      .describe('required for a case from a secret incident: the office declassifies it'),
    confidentialityNote: z.string().trim().max(1000).optional(),
    note: z.string().trim().max(1000).optional().describe('what this version is'),
    ...z.object(contentFields).partial().shape,
  })
  .strict();

export const casePatchBody = z
  .object({
    version: z.number().int().min(1).describe('the version edited: 409 when the case moved on'),
    note: z.string().trim().max(1000).optional().describe('what changed'),
    ...z.object(contentFields).partial().shape,
  })
  .strict();

export const caseWithdrawBody = z.object({ reason: text(2000) }).strict();

export const caseFileBody = z
  .object({
    name: text(200),
    type: z.enum(CASE_FILE_TYPES),
    // 10 MiB of bytes is about 14 MB of base64.
    data: z.base64('must be base64').max(14_000_000, 'larger than 10 MiB'),
    caption: z.string().trim().max(500).optional(),
  })
  .strict();

export const caseListQuery = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .describe('full-text search (Chinese, simplified or traditional)'),
  tag: z.string().max(100).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  grade: z.enum(CASE_GRADES).optional().describe("the source incident's grade"),
  status: z.enum(['published', 'withdrawn']).default('published').describe('withdrawn: the office'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const caseDetailQuery = z.object({
  q: z.string().max(200).optional().describe('mark where this query matches'),
});

export const caseTagsQuery = z.object({
  prefix: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const caseAttachmentParams = z.object({ id, attId: id });

const span = z.object({ start: z.number(), end: z.number() });
const person = z.object({ id: z.string(), name: z.string() });
const video = z.object({ title: z.string(), url: z.string() });

const baseShape = {
  id: z.string(),
  title: z.string(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(['published', 'withdrawn']),
  tags: z.array(z.string()),
  version: z.number(),
  incident: z
    .object({
      id: z.string(),
      title: z.string(),
      grade: z.enum(CASE_GRADES).nullable(),
      opened_at: z.string().nullable(),
      terminated_at: z.string().nullable(),
    })
    .nullable(),
  confidentiality: z.enum(['open', 'restricted', 'secret']).nullable(),
  attachment_count: z.number(),
  video_count: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
};

const listItemSchema = z.object({
  ...baseShape,
  score: z.number().nullable(),
  title_marks: z.array(span).describe('UTF-16 offsets of what matched in the title'),
  snippet: z
    .object({
      field: z.enum(['summary', 'successes', 'problems', 'lessons']),
      index: z.number().nullable(),
      text: z.string(),
      marks: z.array(span),
    })
    .nullable(),
});

const contentSchema = z.object({
  title: z.string(),
  summary: z.string(),
  successes: z.array(z.string()),
  problems: z.array(z.string()),
  lessons: z.array(z.string()),
  tags: z.array(z.string()),
  kind: z.enum(CASE_KINDS),
  videos: z.array(video),
});

const attachmentShape = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number(),
  sha256: z.string(),
  caption: z.string().nullable(),
  added_by: person,
  added_at: z.string(),
});

const detailShape = z.object({
  ...baseShape,
  summary: z.string(),
  successes: z.array(z.string()),
  problems: z.array(z.string()),
  lessons: z.array(z.string()),
  videos: z.array(video),
  confidentiality_note: z.string().nullable(),
  declassification: z.object({ by: person, at: z.string(), reason: z.string() }).nullable(),
  review: z.object({ approval_id: z.string(), version: z.number() }).nullable(),
  created_by: person,
  updated_by: person,
  withdrawal: z.object({ by: person, at: z.string(), reason: z.string() }).nullable(),
  attachments: z.array(attachmentShape),
  versions: z.array(
    z.object({
      version: z.number(),
      edited_by: person,
      edited_at: z.string(),
      note: z.string().nullable(),
      content: contentSchema,
    }),
  ),
  marks: z
    .object({
      title: z.array(span),
      summary: z.array(span),
      successes: z.array(z.array(span)),
      problems: z.array(z.array(span)),
      lessons: z.array(z.array(span)),
    })
    .nullable(),
});

// The views are the service's own types; the schemas document them.
export const caseListSchema = z.object({
  items: z.array(listItemSchema),
  next_cursor: z.string().nullable(),
  total: z.number().nullable().describe('how many cases a query found (null without a query)'),
}) as unknown as z.ZodType<{
  items: CaseListItem[];
  next_cursor: string | null;
  total: number | null;
}>;
export const caseDetailSchema = detailShape as unknown as z.ZodType<CaseDetail>;
export const caseAttachmentSchema = attachmentShape as unknown as z.ZodType<CaseAttachmentView>;
export const caseTagsSchema = z.object({
  items: z.array(z.object({ tag: z.string(), count: z.number() })),
});

export type CaseCreateBody = z.input<typeof caseCreateBody>;
export type CasePatchBody = z.input<typeof casePatchBody>;
export type CaseFileBody = z.input<typeof caseFileBody>;
export type CaseListQuery = z.input<typeof caseListQuery>;
export type CaseTags = z.output<typeof caseTagsSchema>;
export type {
  CaseAttachmentView,
  CaseContent,
  CaseDetail,
  CaseFileType,
  CaseKind,
  CaseListItem,
  CaseVersionView,
  SnippetField,
  VideoLink,
} from '../services/case.service.ts';
