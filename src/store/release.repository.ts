// The public record of statements and their publications (migration 0009). `releases` rows are
// written from the incident record's releases (project); publications are the channel work.
import type { Incident, Release } from '../domain/incident.ts';
import type { PublicRelease, ReleaseChannel, ReleaseContent } from '../publish/types.ts';
import type { Db } from './db.ts';
import type { PublicationRow, PublicationStatus, ReleaseRow } from './schema.ts';

export type PublicationView = Omit<PublicationRow, 'proof_data'>;

const PUBLICATION_COLUMNS = [
  'id',
  'release_id',
  'channel',
  'adapter',
  'status',
  'attempts',
  'due_at',
  'last_error',
  'detail',
  'url',
  'external_id',
  'proof_name',
  'proof_type',
  'proof_sha256',
  'recorded_by',
  'published_at',
  'created_at',
  'updated_at',
] as const;

export function toPublicRelease(row: ReleaseRow, unitName: string): PublicRelease {
  return {
    id: row.id,
    unitName,
    content: JSON.parse(row.content) as ReleaseContent,
    contentHash: row.content_hash,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    status: row.status,
    corrects: row.corrects,
    correctedBy: row.corrected_by,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: row.withdrawal_reason,
    channels: JSON.parse(row.channels) as ReleaseChannel[],
  };
}

function updatedAt(r: Release, inc: Incident): string {
  const corrector = r.correctedBy ? inc.releases.find((x) => x.id === r.correctedBy) : null;
  return [r.at, r.withdrawal?.at ?? '', corrector?.at ?? ''].sort().at(-1) ?? r.at;
}

export class ReleaseRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes the incident's releases as they now are (insert or update); answers the ids that
   * were new, for which the caller creates the publications.
   */
  async project(inc: Incident, opts: { isDemo?: boolean } = {}): Promise<string[]> {
    if (!inc.releases.length) return [];
    const existing = new Set(
      (
        await this.db
          .selectFrom('releases')
          .select('id')
          .where(
            'id',
            'in',
            inc.releases.map((r) => r.id),
          )
          .execute()
      ).map((r) => r.id),
    );
    const fresh: string[] = [];
    for (const r of inc.releases) {
      const values = {
        status: r.status,
        corrected_by: r.correctedBy,
        withdrawn_at: r.withdrawal?.at ?? null,
        withdrawal_reason: r.withdrawal?.reason ?? null,
        updated_at: updatedAt(r, inc),
      };
      if (existing.has(r.id)) {
        await this.db.updateTable('releases').set(values).where('id', '=', r.id).execute();
        continue;
      }
      fresh.push(r.id);
      await this.db
        .insertInto('releases')
        .values({
          id: r.id,
          incident_id: inc.id,
          unit_id: inc.unitId,
          approval_id: r.approvalId,
          content_hash: r.contentHash,
          kind: r.content.kind,
          title: r.content.title,
          content: JSON.stringify(r.content),
          channels: JSON.stringify(r.channels),
          corrects: r.corrects,
          published_at: r.at,
          is_demo: opts.isDemo ? 1 : 0,
          ...values,
        })
        .execute();
    }
    return fresh;
  }

  async get(id: string): Promise<ReleaseRow | undefined> {
    return this.db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first; `before` pages by publication time. */
  async list(q: { limit: number; incidentId?: string; before?: string }): Promise<ReleaseRow[]> {
    let query = this.db.selectFrom('releases').selectAll();
    if (q.incidentId) query = query.where('incident_id', '=', q.incidentId);
    if (q.before) query = query.where('published_at', '<', q.before);
    return query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  }

  async unitNames(unitIds: readonly string[]): Promise<Map<string, string>> {
    if (!unitIds.length) return new Map();
    const rows = await this.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(unitIds)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async insertPublication(p: {
    id: string;
    releaseId: string;
    channel: ReleaseChannel;
    adapter: string;
    status: PublicationStatus;
    at: string;
  }): Promise<void> {
    await this.db
      .insertInto('release_publications')
      .values({
        id: p.id,
        release_id: p.releaseId,
        channel: p.channel,
        adapter: p.adapter,
        status: p.status,
        attempts: 0,
        due_at: p.status === 'pending' ? p.at : null,
        created_at: p.at,
        updated_at: p.at,
        last_error: null,
        detail: null,
        url: null,
        external_id: null,
        proof_name: null,
        proof_type: null,
        proof_sha256: null,
        proof_data: null,
        recorded_by: null,
        published_at: null,
      })
      .execute();
  }

  async publications(releaseIds: readonly string[]): Promise<PublicationView[]> {
    if (!releaseIds.length) return [];
    return this.db
      .selectFrom('release_publications')
      .select(PUBLICATION_COLUMNS)
      .where('release_id', 'in', [...releaseIds])
      .orderBy('created_at')
      .orderBy('channel')
      .execute();
  }

  async publication(id: string): Promise<PublicationView | undefined> {
    return this.db
      .selectFrom('release_publications')
      .select(PUBLICATION_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async proof(id: string): Promise<{ name: string; type: string; data: Buffer } | undefined> {
    const row = await this.db
      .selectFrom('release_publications')
      .select(['proof_name', 'proof_type', 'proof_data'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.proof_data || !row.proof_name || !row.proof_type) return undefined;
    return { name: row.proof_name, type: row.proof_type, data: Buffer.from(row.proof_data) };
  }

  async due(now: string, limit: number): Promise<PublicationView[]> {
    return this.db
      .selectFrom('release_publications')
      .select(PUBLICATION_COLUMNS)
      .where('status', '=', 'pending')
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .execute();
  }

  /** Updates a publication only if it is still in the state the caller saw (its attempts). */
  async updatePublication(
    id: string,
    seenAttempts: number,
    set: Partial<Omit<PublicationRow, 'id' | 'release_id' | 'channel' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('release_publications')
      .set(set)
      .where('id', '=', id)
      .where('attempts', '=', seenAttempts)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
