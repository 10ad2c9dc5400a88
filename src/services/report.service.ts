// Informant reports (报送, [P4] [P16]): any member of staff reports what they saw, with a link,
// text, a note and a screenshot or file. The report joins the stream as a mention from the
// reporter's unit; when a monitored source had the same link first, that is recorded too.
import { createHash, randomUUID } from 'node:crypto';
import { inScope } from '../domain/access.ts';
import { errors } from '../errors.ts';
import { canonicalUrl } from '../ingest/canonical-url.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import type { ReportRow } from '../store/schema.ts';
import { authorize, decodeCursor, encodeCursor } from './authorize.ts';
import { audit, type Actor, type ServiceDeps } from './context.ts';
import { SEAL_KEY, sealReport } from '../store/seals.ts';

export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** Whether the bytes are what the declared type says (the file is served back with that type). */
export function matchesType(bytes: Buffer, type: AttachmentType): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  switch (type) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'image/webp':
      return starts(0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'application/pdf':
      return starts(0x25, 0x50, 0x44, 0x46);
  }
}

export interface ReportInput {
  text: string;
  link?: string | undefined;
  note?: string | undefined;
  attachment?: { name: string; type: AttachmentType; data: string } | undefined;
}

export interface ReportView {
  id: string;
  reporter: { id: string; name: string };
  unit: { id: string; name: string };
  text: string;
  link: string | null;
  note: string | null;
  attachment: { name: string; type: string; size: number } | null;
  created_at: string;
  mention_id: string | null;
  machine_found_first: boolean;
  machine_found_at: string | null;
}

interface ReportCursor {
  created_at: string;
  id: string;
}
const isReportCursor = (v: unknown): v is ReportCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ReportCursor).created_at === 'string' &&
  typeof (v as ReportCursor).id === 'string';

export class ReportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly ingest: IngestService,
  ) {}

  private get db() {
    return this.deps.store.db;
  }

  async create(actor: Actor, input: ReportInput): Promise<ReportView> {
    const p = actor.principal;
    if (!p || p.kind !== 'user')
      throw errors.forbidden('reports are made by people, under their own name');
    authorize(actor, 'report.create', p.unitId);
    let file: { name: string; type: AttachmentType; bytes: Buffer } | null = null;
    if (input.attachment) {
      const bytes = Buffer.from(input.attachment.data, 'base64');
      if (bytes.length === 0) {
        throw errors.invalidInput('the attachment is empty or not base64', [
          { path: 'body.attachment.data', message: 'empty or not base64' },
        ]);
      }
      if (bytes.length > MAX_ATTACHMENT_BYTES) {
        throw errors.invalidInput('the attachment is larger than 5 MiB', [
          { path: 'body.attachment.data', message: 'larger than 5 MiB' },
        ]);
      }
      if (!matchesType(bytes, input.attachment.type)) {
        throw errors.invalidInput(`the attachment is not a ${input.attachment.type} file`, [
          { path: 'body.attachment.type', message: 'does not match the file content' },
        ]);
      }
      file = { name: input.attachment.name, type: input.attachment.type, bytes };
    }
    const unit = await this.db
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('id', '=', p.unitId)
      .executeTakeFirstOrThrow();

    // Did a machine source have this link before the person reported it?
    const canonical = input.link ? canonicalUrl(input.link) : null;
    const earlier = canonical
      ? await this.db
          .selectFrom('mentions')
          .select(['id', 'collected_at', 'channel'])
          .where('canonical_url', '=', canonical)
          .where('channel', 'not in', ['informant'])
          .orderBy('collected_at')
          .executeTakeFirst()
      : undefined;

    const summary = await this.ingest.ingest(
      actor,
      [
        {
          index: 0,
          value: {
            source: `informant-${unit.code.toLowerCase()}`,
            url: input.link,
            author: unit.name,
            text: input.text,
          },
        },
      ],
      {
        channel: 'informant',
        unitId: unit.id,
        sourceType: 'informant',
        sourceName: `${unit.name} 信息员报送`,
        permission: 'report.create',
      },
    );
    if (summary.rejected[0]) throw errors.invalidInput(summary.rejected[0].error);
    let mentionId = summary.mentionIds[0] ?? earlier?.id ?? null;
    if (!mentionId && canonical) {
      mentionId =
        (
          await this.db
            .selectFrom('mentions')
            .select('id')
            .where('canonical_url', '=', canonical)
            .executeTakeFirst()
        )?.id ?? null;
    }

    const now = this.deps.now();
    const row: ReportRow = {
      id: randomUUID(),
      reporter_id: p.id,
      unit_id: unit.id,
      text: input.text,
      link: input.link ?? null,
      note: input.note ?? null,
      created_at: now.toISOString(),
      mention_id: mentionId,
      machine_found_at: earlier?.collected_at ?? null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('reports').values(row).execute();
      if (file) {
        await trx
          .insertInto('report_attachments')
          .values({
            report_id: row.id,
            name: file.name,
            type: file.type,
            size: file.bytes.length,
            sha256: createHash('sha256').update(file.bytes).digest('hex'),
            data: file.bytes,
          })
          .execute();
      }
      await audit(trx, actor, now, {
        action: 'report.create',
        objectType: 'report',
        objectId: row.id,
        after: {
          unit_id: row.unit_id,
          link: row.link,
          attachment: file ? { name: file.name, type: file.type, size: file.bytes.length } : null,
          [SEAL_KEY]: await sealReport(trx, row.id),
        },
      });
    });
    return (await this.views([row]))[0] as ReportView;
  }

  async list(
    actor: Actor,
    q: { mine: boolean; limit: number; cursor?: string | undefined },
  ): Promise<{ items: ReportView[]; next_cursor: string | null }> {
    const p = actor.principal;
    if (!p) throw errors.unauthenticated();
    const all = !q.mine;
    if (all) authorize(actor, 'report.read');
    else authorize(actor, 'report.create');
    let query = this.db
      .selectFrom('reports')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit);
    if (!all) query = query.where('reporter_id', '=', p.id);
    else if (p.scope.kind === 'unit') query = query.where('unit_id', '=', p.scope.unitId);
    if (q.cursor) {
      const c = decodeCursor(q.cursor, isReportCursor);
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', c.created_at),
          eb.and([eb('created_at', '=', c.created_at), eb('id', '<', c.id)]),
        ]),
      );
    }
    const rows = await query.execute();
    const last = rows.at(-1);
    return {
      items: await this.views(rows),
      next_cursor:
        rows.length === q.limit && last
          ? encodeCursor({ created_at: last.created_at, id: last.id })
          : null,
    };
  }

  /** The attached file, for its reporter or those who read all reports of its unit. */
  async attachment(
    actor: Actor,
    id: string,
  ): Promise<{ name: string; type: string; data: Buffer }> {
    const p = actor.principal;
    if (!p) throw errors.unauthenticated();
    const report = await this.db
      .selectFrom('reports')
      .select(['reporter_id', 'unit_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!report) throw errors.notFound('report');
    if (report.reporter_id !== p.id) {
      authorize(actor, 'report.read');
      if (!inScope(p.scope, report.unit_id)) throw errors.outOfScope();
    }
    const file = await this.db
      .selectFrom('report_attachments')
      .select(['name', 'type', 'data'])
      .where('report_id', '=', id)
      .executeTakeFirst();
    if (!file) throw errors.notFound('attachment');
    return { name: file.name, type: file.type, data: Buffer.from(file.data) };
  }

  /** The views of report rows (reporter and unit names, attachment facts), in their order. */
  async views(rows: readonly ReportRow[]): Promise<ReportView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const users = await this.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.reporter_id))])
      .execute();
    const units = await this.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.unit_id))])
      .execute();
    const files = await this.db
      .selectFrom('report_attachments')
      .select(['report_id', 'name', 'type', 'size'])
      .where('report_id', 'in', ids)
      .execute();
    const userName = new Map(users.map((u) => [u.id, u.display_name]));
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const fileOf = new Map(files.map((f) => [f.report_id, f]));
    return rows.map((r) => {
      const f = fileOf.get(r.id);
      return {
        id: r.id,
        reporter: { id: r.reporter_id, name: userName.get(r.reporter_id) ?? '' },
        unit: { id: r.unit_id, name: unitName.get(r.unit_id) ?? '' },
        text: r.text,
        link: r.link,
        note: r.note,
        attachment: f ? { name: f.name, type: f.type, size: Number(f.size) } : null,
        created_at: r.created_at,
        mention_id: r.mention_id,
        machine_found_first: r.machine_found_at !== null,
        machine_found_at: r.machine_found_at,
      };
    });
  }
}
