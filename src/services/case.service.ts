// The case library (典型案例, [P17]): typical cases with their successes and problems, lessons,
// tags, attachments and video links, written by the office by hand or copied from an incident's
// approved after-action review, read by every member of staff but informants (city bureaus
// included: cases are for learning), found by full-text search in Chinese
// (src/analysis/search-terms.ts). An edit keeps every earlier text as a version; withdrawing
// hides a case from search but keeps it. Every change is audited in its own transaction.
import { createHash, randomUUID } from 'node:crypto';
import {
  documentTerms,
  excerpt,
  matchSpans,
  parseQuery,
  rank,
  searchNormalise,
  covered,
  TITLE_WEIGHT,
  type SearchQuery,
  type Span,
} from '../analysis/search-terms.ts';
import type { ApprovedReview } from '../domain/review.ts';
import { AppError, errors } from '../errors.ts';
import { CaseRepository, type AttachmentMeta, type CaseFilter } from '../store/case.repository.ts';
import type { Db } from '../store/db.ts';
import type { CaseRow, CaseTable } from '../store/schema.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { matchesType } from './report.service.ts';

export const CASE_KINDS = ['positive', 'negative', 'general'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_GRADES = ['major', 'general'] as const;

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CASE_FILE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
  DOCX_TYPE,
  XLSX_TYPE,
] as const;
export type CaseFileType = (typeof CASE_FILE_TYPES)[number];
export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;

/** Tags: at most this many per case, each at most this many characters once normalised. */
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 30;

/** The note a case from a restricted incident carries unless the office writes its own. */
export const RESTRICTED_NOTE =
  '本案例源自限定知悉范围的事件，仅供内部学习交流，不得对外提供或转发。';

/**
 * Whether the bytes are what the declared type says: the magic bytes of the image and PDF types
 * (as informant reports check them), and for DOCX and XLSX a zip (PK\x03\x04) holding the part
 * that makes it one (word/document.xml, xl/workbook.xml: zip names are stored uncompressed).
 */
export function caseFileMatches(bytes: Buffer, type: CaseFileType): boolean {
  if (type === DOCX_TYPE || type === XLSX_TYPE) {
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
    return zip && bytes.includes(type === DOCX_TYPE ? 'word/document.xml' : 'xl/workbook.xml');
  }
  return matchesType(bytes, type);
}

/** Where approved reviews come from (the review service, over the incident service). */
export interface ReviewSource {
  /** The incident's approved review in force; null when it has none; 404/403 as reading it. */
  approved(actor: Actor, incidentId: string): Promise<ApprovedReview | null>;
}

export interface VideoLink {
  title: string;
  url: string;
}

/** What a case says: the part every version keeps. */
export interface CaseContent {
  title: string;
  summary: string;
  successes: string[];
  problems: string[];
  lessons: string[];
  tags: string[];
  kind: CaseKind;
  videos: VideoLink[];
}

export interface CaseCreateInput {
  fromIncident?: string | undefined;
  /** For a case from a secret incident: the office declassifies it, saying why. */
  declassification?: { reason: string } | undefined;
  title?: string | undefined;
  summary?: string | undefined;
  successes?: string[] | undefined;
  problems?: string[] | undefined;
  lessons?: string[] | undefined;
  tags?: string[] | undefined;
  kind?: CaseKind | undefined;
  videos?: VideoLink[] | undefined;
  confidentialityNote?: string | undefined;
  note?: string | undefined;
}

export interface CasePatchInput {
  /** The version the edit was made on: refused (409) when the case moved on since. */
  version: number;
  title?: string | undefined;
  summary?: string | undefined;
  successes?: string[] | undefined;
  problems?: string[] | undefined;
  lessons?: string[] | undefined;
  tags?: string[] | undefined;
  kind?: CaseKind | undefined;
  videos?: VideoLink[] | undefined;
  note?: string | undefined;
}

export interface CaseFileInput {
  name: string;
  type: CaseFileType;
  /** base64 */
  data: string;
  caption?: string | undefined;
}

export interface CaseQuery {
  q?: string | undefined;
  tag?: string | undefined;
  kind?: CaseKind | undefined;
  grade?: (typeof CASE_GRADES)[number] | undefined;
  status?: 'published' | 'withdrawn' | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface Person {
  id: string;
  name: string;
}

export type SnippetField = 'summary' | 'successes' | 'problems' | 'lessons';

export interface CaseListItem {
  id: string;
  title: string;
  kind: CaseKind;
  status: 'published' | 'withdrawn';
  tags: string[];
  version: number;
  incident: {
    id: string;
    title: string;
    grade: 'major' | 'general' | null;
    opened_at: string | null;
    terminated_at: string | null;
  } | null;
  confidentiality: 'open' | 'restricted' | 'secret' | null;
  attachment_count: number;
  video_count: number;
  created_at: string;
  updated_at: string;
  /** BM25 score when found by a query; null in the plain list. */
  score: number | null;
  /** What matched in the title (UTF-16 offsets). */
  title_marks: Span[];
  /** The passage of the body that matched best, marked; the summary's start without a query. */
  snippet: { field: SnippetField; index: number | null; text: string; marks: Span[] } | null;
}

export interface CaseAttachmentView {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  caption: string | null;
  added_by: Person;
  added_at: string;
}

export interface CaseVersionView {
  version: number;
  edited_by: Person;
  edited_at: string;
  note: string | null;
  content: CaseContent;
}

export interface CaseDetail extends Omit<CaseListItem, 'score' | 'title_marks' | 'snippet'> {
  summary: string;
  successes: string[];
  problems: string[];
  lessons: string[];
  videos: VideoLink[];
  confidentiality_note: string | null;
  declassification: { by: Person; at: string; reason: string } | null;
  review: { approval_id: string; version: number } | null;
  created_by: Person;
  updated_by: Person;
  withdrawal: { by: Person; at: string; reason: string } | null;
  attachments: CaseAttachmentView[];
  /** Every version, newest first (the first is the current text). */
  versions: CaseVersionView[];
  /** With ?q=: where the query matches in each field. */
  marks: {
    title: Span[];
    summary: Span[];
    successes: Span[][];
    problems: Span[][];
    lessons: Span[][];
  } | null;
}

type ListCursor = { c: string; i: string } | { o: number };
const isListCursor = (v: unknown): v is ListCursor => {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Record<string, unknown>;
  return (
    (typeof x.c === 'string' && typeof x.i === 'string') ||
    (typeof x.o === 'number' && Number.isInteger(x.o) && x.o >= 0)
  );
};

const parseList = <T>(json: string): T[] => JSON.parse(json) as T[];

/** A tag as stored: searchable form (simplified, half-width, lower case), one space inside. */
export function normaliseTag(raw: string): string {
  return searchNormalise(raw)
    .trim()
    .replace(/^[#＃]+/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

const cleanList = (items: readonly string[]): string[] =>
  items.map((s) => s.trim()).filter((s) => s !== '');

export class CaseService {
  constructor(
    private readonly deps: ServiceDeps,
    /** Approved reviews (null: cases are written by hand only). */
    private readonly reviews: ReviewSource | null,
  ) {}

  private get db(): Db {
    return this.deps.store.db;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** Cases, found by a query (ranked) or newest first; filters by tag, kind and incident grade. */
  async search(
    actor: Actor,
    q: CaseQuery,
  ): Promise<{ items: CaseListItem[]; next_cursor: string | null; total: number | null }> {
    authorize(actor, 'case.read');
    const status = q.status ?? 'published';
    if (status === 'withdrawn') authorize(actor, 'case.write');
    const tag = q.tag === undefined ? undefined : normaliseTag(q.tag);
    const filter: CaseFilter = { status, kind: q.kind, grade: q.grade, tag: tag || undefined };
    const repo = new CaseRepository(this.db);
    const cursor = q.cursor ? decodeCursor(q.cursor, isListCursor) : null;
    const query = q.q?.trim() ? parseQuery(q.q) : null;

    if (query && query.required.length > 0) {
      if (cursor && !('o' in cursor)) throw badCursor();
      const ranked = await this.rank(repo, query, status);
      let ids = ranked.map((r) => r.id);
      if (filter.kind || filter.grade || filter.tag) {
        const ok = await repo.admitted(ids, filter);
        ids = ids.filter((id) => ok.has(id));
      }
      const offset = cursor && 'o' in cursor ? cursor.o : 0;
      const pageIds = ids.slice(offset, offset + q.limit);
      const score = new Map(ranked.map((r) => [r.id, r.score]));
      const rows = new Map((await repo.byIds(pageIds)).map((r) => [r.id, r]));
      const ordered = pageIds.map((id) => rows.get(id)).filter((r): r is CaseRow => !!r);
      const items = await this.listItems(repo, ordered, query, score);
      const nextOffset = offset + q.limit;
      return {
        items,
        next_cursor: nextOffset < ids.length ? encodeCursor({ o: nextOffset }) : null,
        total: ids.length,
      };
    }
    if (query) {
      // Only punctuation and spaces: nothing to look for, so nothing is found.
      return { items: [], next_cursor: null, total: 0 };
    }
    if (cursor && !('c' in cursor)) throw badCursor();
    const rows = await repo.list(
      filter,
      q.limit,
      cursor && 'c' in cursor ? { created_at: cursor.c, id: cursor.i } : undefined,
    );
    const last = rows.at(-1);
    return {
      items: await this.listItems(repo, rows, null, null),
      next_cursor:
        rows.length === q.limit && last ? encodeCursor({ c: last.created_at, i: last.id }) : null,
      total: null,
    };
  }

  private async rank(repo: CaseRepository, query: SearchQuery, status: CaseRow['status']) {
    if (status !== 'published') {
      // The index serves the library; withdrawn cases are only listed.
      return [];
    }
    const terms = query.scoring.filter((t) => !t.startsWith('s:'));
    const hits = await repo.termHits(terms, query.singles);
    const ids = [...new Set(hits.map((h) => h.case_id))];
    const lengths = await repo.lengths(ids);
    const stats = await repo.stats(TITLE_WEIGHT);
    return rank(
      query,
      hits.map((h) => ({
        caseId: h.case_id,
        term: h.term,
        titleTf: Number(h.title_tf),
        bodyTf: Number(h.body_tf),
      })),
      lengths,
      stats,
    );
  }

  /** One case with its versions and attachments; a withdrawn one for the office only. */
  async get(actor: Actor, id: string, q?: string): Promise<CaseDetail> {
    authorize(actor, 'case.read');
    const repo = new CaseRepository(this.db);
    const row = await repo.get(id);
    if (!row) throw errors.notFound('case');
    if (row.status === 'withdrawn') this.mayReadWithdrawn(actor);
    const query = q?.trim() ? parseQuery(q) : null;
    return this.detail(repo, row, query);
  }

  private mayReadWithdrawn(actor: Actor): void {
    try {
      authorize(actor, 'case.write');
    } catch {
      // Withdrawn cases are gone from the library for its readers.
      throw errors.notFound('case');
    }
  }

  /** The tags in use on published cases, most used first (suggestions for the form). */
  async tags(
    actor: Actor,
    q: { prefix?: string | undefined; limit: number },
  ): Promise<{ items: { tag: string; count: number }[] }> {
    authorize(actor, 'case.read');
    const prefix = q.prefix === undefined ? undefined : normaliseTag(q.prefix);
    return {
      items: await new CaseRepository(this.db).tagCounts(prefix || undefined, q.limit),
    };
  }

  /** An attachment's bytes, for those who may read its case. */
  async attachment(
    actor: Actor,
    caseId: string,
    attachmentId: string,
  ): Promise<{ name: string; type: string; data: Buffer }> {
    authorize(actor, 'case.read');
    const repo = new CaseRepository(this.db);
    const row = await repo.get(caseId);
    if (!row) throw errors.notFound('case');
    if (row.status === 'withdrawn') this.mayReadWithdrawn(actor);
    const file = await repo.attachment(caseId, attachmentId);
    if (!file) throw errors.notFound('attachment');
    return file;
  }

  // -------------------------------------------------------------------------------------------
  // Writing (the office)

  /** A new case, by hand or from an incident's approved review. */
  async create(actor: Actor, input: CaseCreateInput): Promise<CaseDetail> {
    authorize(actor, 'case.write');
    const now = this.deps.now().toISOString();
    const by = actor.principal?.id ?? 'system';
    let source: ApprovedReview | null = null;
    if (input.fromIncident !== undefined) {
      source = await this.reviewOf(actor, input.fromIncident);
      const existing = await new CaseRepository(this.db).publishedFor(source.incidentId);
      if (existing) {
        throw errors.conflict('this incident is already a case of the library', {
          case_id: existing.id,
        });
      }
      // Cases are read by all staff ([P17]: for learning), while a restricted or secret incident
      // is read by the people it names ([P15]): it becomes a case only declassified, with a reason.
      if (source.confidentiality !== 'open' && !input.declassification) {
        throw errors.conflict(
          `the incident is ${source.confidentiality}: the office must declassify it, with a reason, before it becomes a case`,
          [
            {
              path: 'body.declassification',
              message: 'required for a restricted or secret incident',
            },
          ],
        );
      }
    } else if (input.title === undefined) {
      throw errors.invalidInput('a case written by hand needs a title', [
        { path: 'body.title', message: 'required' },
      ]);
    }
    if (input.declassification && (!source || source.confidentiality === 'open')) {
      throw errors.invalidInput(
        'only a case from a restricted or secret incident is declassified',
        [{ path: 'body.declassification', message: 'only for a restricted or secret incident' }],
      );
    }

    const content = this.checkedContent(
      {
        title: input.title ?? source?.title ?? '',
        summary: input.summary ?? source?.body ?? '',
        successes: input.successes ?? source?.successes ?? [],
        problems: input.problems ?? source?.problems ?? [],
        lessons: input.lessons ?? source?.improvements ?? [],
        tags: input.tags ?? [],
        kind: input.kind ?? 'general',
        videos: input.videos ?? [],
      },
      source,
    );
    const id = randomUUID();
    const index = this.index(content, source?.incidentTitle ?? null);
    const confidentiality = source?.confidentiality ?? null;
    const note =
      input.confidentialityNote?.trim() ||
      (confidentiality === 'restricted' ? RESTRICTED_NOTE : null);
    const row: CaseTable = {
      id,
      status: 'published',
      ...contentColumns(content),
      version: 1,
      incident_id: source?.incidentId ?? null,
      incident_title: source?.incidentTitle ?? null,
      incident_grade: source?.grade ?? null,
      incident_opened_at: source?.openedAt ?? null,
      incident_terminated_at: source?.terminatedAt ?? null,
      review_approval_id: source?.approvalId ?? null,
      review_version: source?.version ?? null,
      confidentiality,
      confidentiality_note: note,
      declassified_by: input.declassification ? by : null,
      declassified_at: input.declassification ? now : null,
      declassification_reason: input.declassification?.reason.trim() ?? null,
      title_terms: index.titleLength,
      body_terms: index.bodyLength,
      created_by: by,
      created_at: now,
      updated_by: by,
      updated_at: now,
      withdrawn_by: null,
      withdrawn_at: null,
      withdrawal_reason: null,
    };
    await this.db.transaction().execute(async (trx) => {
      const repo = new CaseRepository(trx);
      await repo.insert(row);
      await repo.insertVersion({
        case_id: id,
        version: 1,
        content: JSON.stringify(content),
        edited_by: by,
        edited_at: now,
        note: input.note?.trim() || null,
      });
      await repo.writeTags(id, content.tags);
      await repo.writeTerms(id, index.terms);
      await audit(trx, actor, this.deps.now(), {
        action: 'case.create',
        objectType: 'case',
        objectId: id,
        after: {
          title: content.title,
          kind: content.kind,
          tags: content.tags,
          incident_id: row.incident_id,
          review_approval_id: row.review_approval_id,
          confidentiality,
          ...(input.declassification
            ? { declassification_reason: row.declassification_reason }
            : {}),
        },
      });
    });
    return this.get(actor, id);
  }

  private async reviewOf(actor: Actor, incidentId: string): Promise<ApprovedReview> {
    if (!this.reviews) {
      throw new AppError(
        503,
        'unavailable',
        'approved reviews cannot be read on this server: write the case by hand',
      );
    }
    const review = await this.reviews.approved(actor, incidentId);
    if (!review) {
      throw errors.conflict('this incident has no approved review yet', [
        { path: 'body.fromIncident', message: 'no approved review' },
      ]);
    }
    return review;
  }

  /** A new version of a case's text; the earlier ones stay. */
  async update(actor: Actor, id: string, patch: CasePatchInput): Promise<CaseDetail> {
    authorize(actor, 'case.write');
    const repo0 = new CaseRepository(this.db);
    const row = await repo0.get(id);
    if (!row) throw errors.notFound('case');
    if (row.status === 'withdrawn') throw errors.conflict('the case is withdrawn');
    if (patch.version !== row.version) {
      throw errors.conflict(
        `the case changed since version ${patch.version}: it is at version ${row.version}`,
        [{ path: 'body.version', message: `not the current version (${row.version})` }],
      );
    }
    const before = contentOf(row);
    const content = this.checkedContent(
      {
        title: patch.title ?? before.title,
        summary: patch.summary ?? before.summary,
        successes: patch.successes ?? before.successes,
        problems: patch.problems ?? before.problems,
        lessons: patch.lessons ?? before.lessons,
        tags: patch.tags ?? before.tags,
        kind: patch.kind ?? before.kind,
        videos: patch.videos ?? before.videos,
      },
      null,
    );
    const changed = (Object.keys(content) as (keyof CaseContent)[]).filter(
      (k) => JSON.stringify(content[k]) !== JSON.stringify(before[k]),
    );
    if (changed.length === 0) return this.get(actor, id);
    const now = this.deps.now().toISOString();
    const by = actor.principal?.id ?? 'system';
    const index = this.index(content, row.incident_title);
    const version = row.version + 1;
    await this.db.transaction().execute(async (trx) => {
      const repo = new CaseRepository(trx);
      const ok = await repo.update(id, row.version, {
        ...contentColumns(content),
        version,
        title_terms: index.titleLength,
        body_terms: index.bodyLength,
        updated_by: by,
        updated_at: now,
      });
      if (!ok) throw errors.conflict('the case changed meanwhile: reload it and edit again');
      await repo.insertVersion({
        case_id: id,
        version,
        content: JSON.stringify(content),
        edited_by: by,
        edited_at: now,
        note: patch.note?.trim() || null,
      });
      if (changed.includes('tags')) await repo.writeTags(id, content.tags);
      await repo.writeTerms(id, index.terms);
      await audit(trx, actor, this.deps.now(), {
        action: 'case.update',
        objectType: 'case',
        objectId: id,
        before: { version: row.version, ...pick(before, changed) },
        after: { version, ...pick(content, changed) },
      });
    });
    return this.get(actor, id);
  }

  /** Takes a case out of the library (out of search and lists); it is kept, marked. */
  async withdraw(actor: Actor, id: string, reason: string): Promise<CaseDetail> {
    authorize(actor, 'case.write');
    const row = await new CaseRepository(this.db).get(id);
    if (!row) throw errors.notFound('case');
    if (row.status === 'withdrawn') throw errors.conflict('the case is already withdrawn');
    const now = this.deps.now().toISOString();
    const by = actor.principal?.id ?? 'system';
    await this.db.transaction().execute(async (trx) => {
      const ok = await new CaseRepository(trx).update(id, row.version, {
        status: 'withdrawn',
        withdrawn_by: by,
        withdrawn_at: now,
        withdrawal_reason: reason.trim(),
        updated_by: by,
        updated_at: now,
      });
      if (!ok) throw errors.conflict('the case changed meanwhile: reload it and try again');
      await audit(trx, actor, this.deps.now(), {
        action: 'case.withdraw',
        objectType: 'case',
        objectId: id,
        before: { status: 'published' },
        after: { status: 'withdrawn', reason: reason.trim() },
      });
    });
    return this.get(actor, id);
  }

  /** Attaches an image or a document (checked against its declared type). */
  async attach(actor: Actor, id: string, file: CaseFileInput): Promise<CaseAttachmentView> {
    authorize(actor, 'case.write');
    const row = await new CaseRepository(this.db).get(id);
    if (!row) throw errors.notFound('case');
    if (row.status === 'withdrawn') throw errors.conflict('the case is withdrawn');
    const bytes = Buffer.from(file.data, 'base64');
    if (bytes.length === 0) {
      throw errors.invalidInput('the file is empty or not base64', [
        { path: 'body.data', message: 'empty or not base64' },
      ]);
    }
    if (bytes.length > MAX_CASE_FILE_BYTES) {
      throw errors.invalidInput('the file is larger than 10 MiB', [
        { path: 'body.data', message: 'larger than 10 MiB' },
      ]);
    }
    if (!caseFileMatches(bytes, file.type)) {
      throw errors.invalidInput(`the file is not a ${file.type} file`, [
        { path: 'body.type', message: 'does not match the file content' },
      ]);
    }
    const now = this.deps.now().toISOString();
    const by = actor.principal?.id ?? 'system';
    const meta: AttachmentMeta = {
      id: randomUUID(),
      case_id: id,
      name: file.name.trim(),
      type: file.type,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      caption: file.caption?.trim() || null,
      added_by: by,
      added_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      const repo = new CaseRepository(trx);
      await repo.insertAttachment({ ...meta, data: bytes });
      await repo.touch(id, by, now);
      await audit(trx, actor, this.deps.now(), {
        action: 'case.attach',
        objectType: 'case',
        objectId: id,
        after: {
          attachment_id: meta.id,
          name: meta.name,
          type: meta.type,
          size: meta.size,
          sha256: meta.sha256,
        },
      });
    });
    const names = await new CaseRepository(this.db).userNames([by]);
    return attachmentView(meta, names);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** The content with tags normalised; a problem names its field. */
  private checkedContent(c: CaseContent, source: ApprovedReview | null): CaseContent {
    const title = c.title.trim();
    if (title === '') {
      throw errors.invalidInput(
        source ? 'the review has no title: give the case one' : 'the title is empty',
        [{ path: 'body.title', message: 'must not be empty' }],
      );
    }
    const tags: string[] = [];
    c.tags.forEach((raw, i) => {
      const tag = normaliseTag(raw);
      if (tag === '') {
        throw errors.invalidInput(`tag ${i + 1} is empty`, [
          { path: `body.tags.${i}`, message: 'must not be empty' },
        ]);
      }
      if ([...tag].length > MAX_TAG_CHARS) {
        throw errors.invalidInput(`tag ${i + 1} is longer than ${MAX_TAG_CHARS} characters`, [
          { path: `body.tags.${i}`, message: `at most ${MAX_TAG_CHARS} characters` },
        ]);
      }
      if (!tags.includes(tag)) tags.push(tag);
    });
    if (tags.length > MAX_TAGS) {
      throw errors.invalidInput(`at most ${MAX_TAGS} tags`, [
        { path: 'body.tags', message: `at most ${MAX_TAGS} tags` },
      ]);
    }
    return {
      title,
      summary: c.summary.trim(),
      successes: cleanList(c.successes),
      problems: cleanList(c.problems),
      lessons: cleanList(c.lessons),
      tags,
      kind: c.kind,
      videos: c.videos.map((v) => ({ title: v.title.trim(), url: v.url.trim() })),
    };
  }

  private index(c: CaseContent, incidentTitle: string | null) {
    return documentTerms({
      title: c.title,
      body: [
        c.summary,
        ...c.successes,
        ...c.problems,
        ...c.lessons,
        c.tags.join(' '),
        ...c.videos.map((v) => v.title),
        ...(incidentTitle ? [incidentTitle] : []),
      ],
    });
  }

  private async listItems(
    repo: CaseRepository,
    rows: readonly CaseRow[],
    query: SearchQuery | null,
    scores: ReadonlyMap<string, number> | null,
  ): Promise<CaseListItem[]> {
    const files = await repo.attachments(rows.map((r) => r.id));
    const count = new Map<string, number>();
    for (const f of files) count.set(f.case_id, (count.get(f.case_id) ?? 0) + 1);
    return rows.map((r) => {
      const c = contentOf(r);
      return {
        ...baseView(r, c, count.get(r.id) ?? 0),
        score: scores ? (scores.get(r.id) ?? 0) : null,
        title_marks: query ? matchSpans(c.title, query) : [],
        snippet: snippetOf(c, query),
      };
    });
  }

  private async detail(
    repo: CaseRepository,
    row: CaseRow,
    query: SearchQuery | null,
  ): Promise<CaseDetail> {
    const [files, versions] = await Promise.all([
      repo.attachments([row.id]),
      repo.versions(row.id),
    ]);
    const names = await repo.userNames([
      row.created_by,
      row.updated_by,
      row.declassified_by ?? '',
      row.withdrawn_by ?? '',
      ...files.map((f) => f.added_by),
      ...versions.map((v) => v.edited_by),
    ]);
    const person = (id: string): Person => ({ id, name: names.get(id) ?? id });
    const c = contentOf(row);
    const marks = (s: string) => (query ? matchSpans(s, query) : []);
    return {
      ...baseView(row, c, files.length),
      summary: c.summary,
      successes: c.successes,
      problems: c.problems,
      lessons: c.lessons,
      videos: c.videos,
      confidentiality_note: row.confidentiality_note,
      declassification:
        row.declassified_at && row.declassified_by
          ? {
              by: person(row.declassified_by),
              at: row.declassified_at,
              reason: row.declassification_reason ?? '',
            }
          : null,
      review:
        row.review_approval_id !== null
          ? { approval_id: row.review_approval_id, version: Number(row.review_version ?? 0) }
          : null,
      created_by: person(row.created_by),
      updated_by: person(row.updated_by),
      withdrawal:
        row.withdrawn_at && row.withdrawn_by
          ? {
              by: person(row.withdrawn_by),
              at: row.withdrawn_at,
              reason: row.withdrawal_reason ?? '',
            }
          : null,
      attachments: files.map((f) => attachmentView(f, names)),
      versions: versions.map((v) => ({
        version: Number(v.version),
        edited_by: person(v.edited_by),
        edited_at: v.edited_at,
        note: v.note,
        content: JSON.parse(v.content) as CaseContent,
      })),
      marks: query
        ? {
            title: marks(c.title),
            summary: marks(c.summary),
            successes: c.successes.map(marks),
            problems: c.problems.map(marks),
            lessons: c.lessons.map(marks),
          }
        : null,
    };
  }
}

const badCursor = () =>
  errors.invalidInput('cursor is not valid', [
    { path: 'query.cursor', message: 'not a cursor this list gave' },
  ]);

function contentColumns(c: CaseContent) {
  return {
    title: c.title,
    summary: c.summary,
    successes: JSON.stringify(c.successes),
    problems: JSON.stringify(c.problems),
    lessons: JSON.stringify(c.lessons),
    tags: JSON.stringify(c.tags),
    kind: c.kind,
    videos: JSON.stringify(c.videos),
  };
}

function contentOf(r: CaseRow): CaseContent {
  return {
    title: r.title,
    summary: r.summary,
    successes: parseList<string>(r.successes),
    problems: parseList<string>(r.problems),
    lessons: parseList<string>(r.lessons),
    tags: parseList<string>(r.tags),
    kind: r.kind as CaseKind,
    videos: parseList<VideoLink>(r.videos),
  };
}

function pick(c: CaseContent, keys: readonly (keyof CaseContent)[]): Partial<CaseContent> {
  return Object.fromEntries(keys.map((k) => [k, c[k]]));
}

function baseView(
  r: CaseRow,
  c: CaseContent,
  attachments: number,
): Omit<CaseListItem, 'score' | 'title_marks' | 'snippet'> {
  return {
    id: r.id,
    title: c.title,
    kind: c.kind,
    status: r.status,
    tags: c.tags,
    version: Number(r.version),
    incident: r.incident_id
      ? {
          id: r.incident_id,
          title: r.incident_title ?? '',
          grade:
            r.incident_grade === 'major' || r.incident_grade === 'general'
              ? r.incident_grade
              : null,
          opened_at: r.incident_opened_at,
          terminated_at: r.incident_terminated_at,
        }
      : null,
    confidentiality:
      r.confidentiality === 'open' ||
      r.confidentiality === 'restricted' ||
      r.confidentiality === 'secret'
        ? r.confidentiality
        : null,
    attachment_count: attachments,
    video_count: c.videos.length,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

function attachmentView(f: AttachmentMeta, names: ReadonlyMap<string, string>): CaseAttachmentView {
  return {
    id: f.id,
    name: f.name,
    type: f.type,
    size: Number(f.size),
    sha256: f.sha256,
    caption: f.caption,
    added_by: { id: f.added_by, name: names.get(f.added_by) ?? f.added_by },
    added_at: f.added_at,
  };
}

/** The body passage that matched most (its start when nothing matched, or without a query). */
function snippetOf(c: CaseContent, query: SearchQuery | null): CaseListItem['snippet'] {
  const parts: { field: SnippetField; index: number | null; text: string }[] = [
    { field: 'summary' as const, index: null, text: c.summary },
    ...c.successes.map((text, index) => ({ field: 'successes' as const, index, text })),
    ...c.problems.map((text, index) => ({ field: 'problems' as const, index, text })),
    ...c.lessons.map((text, index) => ({ field: 'lessons' as const, index, text })),
  ].filter((p) => p.text !== '');
  if (parts.length === 0) return null;
  let best = parts[0] as (typeof parts)[number];
  let bestSpans: Span[] = [];
  if (query) {
    let bestCover = 0;
    for (const p of parts) {
      const spans = matchSpans(p.text, query);
      const n = covered(spans);
      if (n > bestCover) {
        best = p;
        bestSpans = spans;
        bestCover = n;
      }
    }
  }
  return { field: best.field, index: best.index, ...excerpt(best.text, bestSpans) };
}
