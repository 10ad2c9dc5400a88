// The derived analysis of mentions and the monitoring schemes. Analysis rows are replaced
// whole (delete + insert) whenever a mention is analysed again.
import type { Db } from './db.ts';
import type { MentionAnalysisTable, SchemeRow, SchemeTable } from './schema.ts';

/** Rows per INSERT, far below SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 200;
/** Ids per IN (...) list. */
const IDS = 500;

export interface StoredAnalysis {
  row: MentionAnalysisTable;
  schemes: readonly string[];
  adcodes: readonly string[];
  risks: readonly string[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class AnalysisRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes the analysis of these mentions, replacing any earlier one. Call inside a transaction.
   * `fresh`: the mentions were inserted in this transaction, so they have none to delete.
   */
  async replace(items: readonly StoredAnalysis[], opts: { fresh?: boolean } = {}): Promise<void> {
    if (items.length === 0) return;
    const ids = opts.fresh ? [] : items.map((i) => i.row.mention_id);
    for (const part of chunks(ids, IDS)) {
      for (const table of [
        'mention_analysis',
        'mention_schemes',
        'mention_regions',
        'mention_risks',
      ] as const) {
        await this.db.deleteFrom(table).where('mention_id', 'in', part).execute();
      }
    }
    for (const part of chunks(items, CHUNK)) {
      await this.db
        .insertInto('mention_analysis')
        .values(part.map((i) => i.row))
        .execute();
    }
    const links = <T>(f: (i: StoredAnalysis) => T[]) => items.flatMap(f);
    for (const part of chunks(
      links((i) =>
        [...new Set(i.schemes)].map((s) => ({ scheme_id: s, mention_id: i.row.mention_id })),
      ),
      CHUNK,
    ))
      await this.db.insertInto('mention_schemes').values(part).execute();
    for (const part of chunks(
      links((i) =>
        [...new Set(i.adcodes)].map((a) => ({ adcode: a, mention_id: i.row.mention_id })),
      ),
      CHUNK,
    ))
      await this.db.insertInto('mention_regions').values(part).execute();
    for (const part of chunks(
      links((i) =>
        [...new Set(i.risks)].map((c) => ({ category: c, mention_id: i.row.mention_id })),
      ),
      CHUNK,
    ))
      await this.db.insertInto('mention_risks').values(part).execute();
  }

  /** Replaces the matches of one scheme among these mentions (after the scheme changed). */
  async replaceSchemeMatches(
    schemeId: string,
    mentionIds: readonly string[],
    matched: readonly string[],
  ): Promise<void> {
    for (const part of chunks(mentionIds, IDS)) {
      await this.db
        .deleteFrom('mention_schemes')
        .where('scheme_id', '=', schemeId)
        .where('mention_id', 'in', part)
        .execute();
    }
    for (const part of chunks(matched, CHUNK)) {
      await this.db
        .insertInto('mention_schemes')
        .values(part.map((m) => ({ scheme_id: schemeId, mention_id: m })))
        .execute();
    }
  }

  async deleteSchemeMatches(schemeId: string): Promise<void> {
    await this.db.deleteFrom('mention_schemes').where('scheme_id', '=', schemeId).execute();
  }

  /** The near-duplicate index's memory: the newest analysed mentions, oldest first. */
  async recentFingerprints(
    limit: number,
  ): Promise<{ id: string; fingerprint: string; content_hash: string; group_id: string }[]> {
    const rows = await this.db
      .selectFrom('mention_analysis as a')
      .innerJoin('mentions as m', 'm.id', 'a.mention_id')
      .select(['a.mention_id as id', 'a.fingerprint', 'm.content_hash', 'a.group_id'])
      .orderBy('m.collected_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse();
  }

  get(mentionId: string) {
    return this.db
      .selectFrom('mention_analysis')
      .selectAll()
      .where('mention_id', '=', mentionId)
      .executeTakeFirst();
  }

  async groupSizes(groupIds: readonly string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    for (const part of chunks([...new Set(groupIds)], IDS)) {
      const rows = await this.db
        .selectFrom('mention_analysis')
        .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('group_id', 'in', part)
        .groupBy('group_id')
        .execute();
      for (const r of rows) sizes.set(r.group_id, Number(r.n));
    }
    return sizes;
  }

  /** The schemes each mention matches, with their names, in the order they were created. */
  async schemesOf(
    mentionIds: readonly string[],
  ): Promise<Map<string, { id: string; name: string }[]>> {
    const out = new Map<string, { id: string; name: string }[]>();
    for (const part of chunks(mentionIds, IDS)) {
      const rows = await this.db
        .selectFrom('mention_schemes as ms')
        .innerJoin('schemes as s', 's.id', 'ms.scheme_id')
        .select(['ms.mention_id', 's.id', 's.name'])
        .where('ms.mention_id', 'in', part)
        .orderBy('s.created_at')
        .orderBy('s.id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.mention_id) ?? [];
        list.push({ id: r.id, name: r.name });
        out.set(r.mention_id, list);
      }
    }
    return out;
  }

  async analysesOf(mentionIds: readonly string[]): Promise<Map<string, MentionAnalysisTable>> {
    const out = new Map<string, MentionAnalysisTable>();
    for (const part of chunks(mentionIds, IDS)) {
      const rows = await this.db
        .selectFrom('mention_analysis')
        .selectAll()
        .where('mention_id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.mention_id, r);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Schemes

  listSchemes(): Promise<SchemeRow[]> {
    return this.db.selectFrom('schemes').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  getScheme(id: string): Promise<SchemeRow | undefined> {
    return this.db.selectFrom('schemes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertScheme(row: SchemeTable): Promise<void> {
    await this.db.insertInto('schemes').values(row).execute();
  }

  async updateScheme(id: string, patch: Partial<SchemeTable>): Promise<void> {
    await this.db.updateTable('schemes').set(patch).where('id', '=', id).execute();
  }
}
