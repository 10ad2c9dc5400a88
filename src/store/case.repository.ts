// The case library's rows (migration 0012): cases with their versions, tags, full-text terms
// and attachments. Decides nothing about who may do what; the service does.
import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { CaseRow, CaseTable, CaseVersionRow } from './schema.ts';

export interface CaseFilter {
  tag?: string | undefined;
  kind?: string | undefined;
  grade?: string | undefined;
  status: 'published' | 'withdrawn';
}

export interface TermRow {
  case_id: string;
  term: string;
  title_tf: number;
  body_tf: number;
}

export interface AttachmentMeta {
  id: string;
  case_id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  caption: string | null;
  added_by: string;
  added_at: string;
}

const ATTACHMENT_META = [
  'id',
  'case_id',
  'name',
  'type',
  'size',
  'sha256',
  'caption',
  'added_by',
  'added_at',
] as const;

/** Rows per insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

export class CaseRepository {
  constructor(private readonly db: Db) {}

  async insert(row: CaseTable): Promise<void> {
    await this.db.insertInto('cases').values(row).execute();
  }

  async update(id: string, expectedVersion: number, patch: Partial<CaseTable>): Promise<boolean> {
    const r = await this.db
      .updateTable('cases')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Marks a case changed (an attachment added) without a new version of its text. */
  async touch(id: string, by: string, at: string): Promise<void> {
    await this.db
      .updateTable('cases')
      .set({ updated_at: at, updated_by: by })
      .where('id', '=', id)
      .execute();
  }

  /** The published case made from an incident, if any. */
  publishedFor(incidentId: string): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('cases')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('status', '=', 'published')
      .executeTakeFirst();
  }

  get(id: string): Promise<CaseRow | undefined> {
    return this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byIds(ids: readonly string[]): Promise<CaseRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  /** The cases a filter admits, newest first, after a (created_at, id) position. */
  list(
    f: CaseFilter,
    limit: number,
    after?: { created_at: string; id: string },
  ): Promise<CaseRow[]> {
    let q = this.filtered(f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', after.created_at),
          eb.and([eb('created_at', '=', after.created_at), eb('id', '<', after.id)]),
        ]),
      );
    }
    return q.limit(limit).execute();
  }

  /** The indexed lengths (BM25's document lengths) of cases, by id. */
  async lengths(ids: readonly string[]): Promise<Map<string, { title: number; body: number }>> {
    const out = new Map<string, { title: number; body: number }>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('cases')
        .select(['id', 'title_terms', 'body_terms'])
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) {
        out.set(r.id, { title: Number(r.title_terms), body: Number(r.body_terms) });
      }
    }
    return out;
  }

  /** Of the given cases, the ids a filter admits. */
  async admitted(ids: readonly string[], f: CaseFilter): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      const rows = await this.filtered(f).select('id').where('id', 'in', part).execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  private filtered(f: CaseFilter) {
    let q = this.db.selectFrom('cases').where('status', '=', f.status);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.grade) q = q.where('incident_grade', '=', f.grade);
    if (f.tag) {
      const tag = f.tag;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('case_tags').select('case_id').where('tag', '=', tag),
      );
    }
    return q;
  }

  /** Number of published cases and their mean weighted length (BM25's avgdl). */
  async stats(titleWeight: number): Promise<{ documents: number; averageLength: number }> {
    const r = await this.db
      .selectFrom('cases')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        sql<
          number | string | null
        >`avg(${sql.lit(titleWeight)} * ${eb.ref('title_terms')} + ${eb.ref('body_terms')})`.as(
          'avg',
        ),
      ])
      .where('status', '=', 'published')
      .executeTakeFirst();
    return { documents: Number(r?.n ?? 0), averageLength: Number(r?.avg ?? 0) };
  }

  /** The index rows of published cases for these terms, and for bigrams holding a lone character. */
  async termHits(terms: readonly string[], singles: readonly string[]): Promise<TermRow[]> {
    if (terms.length === 0 && singles.length === 0) return [];
    return this.db
      .selectFrom('case_terms')
      .innerJoin('cases', 'cases.id', 'case_terms.case_id')
      .select([
        'case_terms.case_id',
        'case_terms.term',
        'case_terms.title_tf',
        'case_terms.body_tf',
      ])
      .where('cases.status', '=', 'published')
      .where((eb) =>
        eb.or([
          ...(terms.length ? [eb('case_terms.term', 'in', [...terms])] : []),
          // b:X_ and b:_X: every bigram with the character in either place.
          ...singles.flatMap((s) => [
            eb('case_terms.term', 'like', `b:${s}_`),
            eb('case_terms.term', 'like', `b:_${s}`),
          ]),
        ]),
      )
      .execute();
  }

  /** Replaces a case's index terms. */
  async writeTerms(
    caseId: string,
    terms: ReadonlyMap<string, { title: number; body: number }>,
  ): Promise<void> {
    await this.db.deleteFrom('case_terms').where('case_id', '=', caseId).execute();
    const rows = [...terms].map(([term, c]) => ({
      case_id: caseId,
      term,
      title_tf: c.title,
      body_tf: c.body,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('case_terms')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
  }

  /** Replaces a case's tags (the filter's and the suggestions' rows). */
  async writeTags(caseId: string, tags: readonly string[]): Promise<void> {
    await this.db.deleteFrom('case_tags').where('case_id', '=', caseId).execute();
    if (tags.length === 0) return;
    await this.db
      .insertInto('case_tags')
      .values(tags.map((tag) => ({ case_id: caseId, tag })))
      .execute();
  }

  /** Tags of published cases with how many cases carry each, most used first. */
  async tagCounts(
    prefix: string | undefined,
    limit: number,
  ): Promise<{ tag: string; count: number }[]> {
    let q = this.db
      .selectFrom('case_tags')
      .innerJoin('cases', 'cases.id', 'case_tags.case_id')
      .select((eb) => ['case_tags.tag', eb.fn.countAll<number | string>().as('n')])
      .where('cases.status', '=', 'published')
      .groupBy('case_tags.tag')
      .orderBy('n', 'desc')
      .orderBy('case_tags.tag')
      .limit(limit);
    if (prefix) {
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      q = q.where(sql<boolean>`${sql.ref('case_tags.tag')} like ${`${escaped}%`} escape '\\'`);
    }
    const rows = await q.execute();
    return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
  }

  async insertVersion(row: CaseVersionRow): Promise<void> {
    await this.db.insertInto('case_versions').values(row).execute();
  }

  versions(caseId: string): Promise<CaseVersionRow[]> {
    return this.db
      .selectFrom('case_versions')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('version', 'desc')
      .execute();
  }

  async insertAttachment(row: AttachmentMeta & { data: Buffer }): Promise<void> {
    await this.db.insertInto('case_attachments').values(row).execute();
  }

  attachments(caseIds: readonly string[]): Promise<AttachmentMeta[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('case_attachments')
      .select(ATTACHMENT_META)
      .where('case_id', 'in', [...caseIds])
      .orderBy('added_at')
      .orderBy('id')
      .execute();
  }

  async attachment(
    caseId: string,
    id: string,
  ): Promise<{ name: string; type: string; data: Buffer } | undefined> {
    const r = await this.db
      .selectFrom('case_attachments')
      .select(['name', 'type', 'data'])
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? { name: r.name, type: r.type, data: Buffer.from(r.data) } : undefined;
  }

  /** Display names of users, by id. */
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)].filter((x) => x !== '');
    if (unique.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
