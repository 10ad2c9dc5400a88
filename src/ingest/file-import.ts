// `yuqing import FILE`: streams NDJSON or CSV into the store in batches. Each batch commits
// together with the file position it reached, so a run killed at any point resumes where the
// last commit left off, and natural keys make any overlap count as duplicates, never copies.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../services/context.ts';
import { audit } from '../services/context.ts';
import type { Db } from '../store/db.ts';
import { MentionRepository } from '../store/mention.repository.ts';
import type { ImportRunRow } from '../store/schema.ts';
import { parseNdjsonLine } from './batch-parser.ts';
import { parseCsvRecord, type CsvMapping } from './csv.ts';
import type { IngestService, RawItem } from './ingest.service.ts';

export type ImportFormat = 'ndjson' | 'csv';

export interface ImportOptions {
  format?: ImportFormat;
  /** Source key for records that name none. */
  source?: string;
  /** CSV: post field <- column name, e.g. {text: 'review', 'metrics.reposts': 'reposts_count'}. */
  mapping?: CsvMapping;
  /** Unit that owns sources created on first sight. */
  unitId: string;
  batchSize?: number;
  /** Import again a file that was imported completely before (everything then counts as a duplicate). */
  again?: boolean;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  bytesDone: number;
  bytesTotal: number;
  records: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface ImportSummary extends ImportProgress {
  resumedFrom: number;
  alreadyDone: boolean;
  seconds: number;
  /** The first rejected records with their reasons. */
  rejections: { record: number; error: string }[];
}

const FIRST_BYTES = 64 * 1024;

/** Path, size and a hash of the first 64 KiB: the same file is recognised on a re-run. */
export function fingerprint(file: string): string {
  const abs = path.resolve(file);
  const size = fs.statSync(abs).size;
  const fd = fs.openSync(abs, 'r');
  try {
    const buf = Buffer.alloc(Math.min(FIRST_BYTES, size));
    fs.readSync(fd, buf, 0, buf.length, 0);
    return createHash('sha256').update(`${abs}\n${size}\n`).update(buf).digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

export function detectFormat(file: string): ImportFormat {
  return /\.csv$/i.test(file) ? 'csv' : 'ndjson';
}

/**
 * Splits a byte stream into records. NDJSON records end at a newline; CSV records end at a
 * newline outside double quotes. Yields each record's bytes and the offset just after it.
 */
async function* records(
  file: string,
  start: number,
  csv: boolean,
): AsyncGenerator<{ bytes: Buffer; end: number }> {
  const stream = fs.createReadStream(file, { start, highWaterMark: 1 << 20 });
  let carry: Buffer = Buffer.alloc(0);
  let carryStart = start;
  let inQuotes = false;
  let scanFrom = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let recStart = 0;
    for (let i = scanFrom; i < buf.length; i++) {
      const b = buf[i];
      if (csv && b === 0x22) inQuotes = !inQuotes;
      else if (b === 0x0a && !inQuotes) {
        yield { bytes: buf.subarray(recStart, i), end: carryStart + i + 1 };
        recStart = i + 1;
      }
    }
    carry = Buffer.from(buf.subarray(recStart));
    carryStart += recStart;
    scanFrom = carry.length;
  }
  if (carry.length) yield { bytes: carry, end: carryStart + carry.length };
}

function trimRecord(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
  let begin = 0;
  // A UTF-8 byte-order mark at the start of the file.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) begin = 3;
  return bytes.subarray(begin, end);
}

export async function importFile(
  db: Db,
  ingest: IngestService,
  actor: Actor,
  file: string,
  opts: ImportOptions,
  now: () => Date = () => new Date(),
): Promise<ImportSummary> {
  const started = Date.now();
  const format = opts.format ?? detectFormat(file);
  const csv = format === 'csv';
  const total = fs.statSync(file).size;
  const fp = fingerprint(file);
  const repo = new MentionRepository(db);
  let run: ImportRunRow | undefined = await repo.getImportRun(fp);
  const progress: ImportProgress = {
    bytesDone: 0,
    bytesTotal: total,
    records: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
  };
  const rejections: { record: number; error: string }[] = [];

  if (run?.finished_at && !opts.again) {
    return {
      bytesDone: run.bytes_done,
      bytesTotal: total,
      records: run.records_done,
      accepted: run.accepted,
      duplicates: run.duplicates,
      rejected: run.rejected,
      resumedFrom: run.bytes_done,
      alreadyDone: true,
      seconds: 0,
      rejections: [],
    };
  }
  if (run && opts.again) {
    await repo.updateImportRun(run.id, {
      bytes_done: 0,
      records_done: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      finished_at: null,
    });
    run = {
      ...run,
      bytes_done: 0,
      records_done: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      finished_at: null,
    };
  }
  if (!run) {
    const t = now().toISOString();
    run = {
      id: randomUUID(),
      fingerprint: fp,
      path: path.resolve(file),
      bytes_done: 0,
      records_done: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      started_at: t,
      updated_at: t,
      finished_at: null,
    };
    await repo.insertImportRun(run);
  }
  const resumedFrom = run.bytes_done;
  Object.assign(progress, {
    bytesDone: run.bytes_done,
    records: run.records_done,
    accepted: run.accepted,
    duplicates: run.duplicates,
    rejected: run.rejected,
  });

  // CSV needs its header even when resuming past it.
  let header: string[] | null = null;
  if (csv) {
    for await (const rec of records(file, 0, true)) {
      header = parseCsvRecord(trimRecord(rec.bytes).toString('utf8')).fields;
      if (progress.bytesDone === 0) progress.bytesDone = rec.end;
      break;
    }
    if (!header) throw new Error(`${file}: the CSV file is empty (no header row)`);
  }

  const batchSize = opts.batchSize ?? 1000;
  let batch: RawItem[] = [];
  let batchEnd = progress.bytesDone;
  const runId = run.id;

  const flush = async () => {
    if (batch.length === 0) {
      progress.bytesDone = batchEnd;
      return;
    }
    const items = batch;
    const end = batchEnd;
    batch = [];
    const summary = await ingest.ingest(
      actor,
      items,
      { channel: 'import', unitId: opts.unitId },
      async (trx, counts) => {
        // Same transaction as the posts: the position moves exactly when they are stored.
        await new MentionRepository(trx).updateImportRun(runId, {
          bytes_done: end,
          records_done: progress.records + items.length,
          accepted: progress.accepted + counts.accepted,
          duplicates: progress.duplicates + counts.duplicates,
          rejected: progress.rejected + counts.rejected,
          updated_at: now().toISOString(),
        });
      },
    );
    progress.records += items.length;
    progress.accepted += summary.accepted;
    progress.duplicates += summary.duplicates;
    progress.rejected += summary.rejected.length;
    progress.bytesDone = end;
    for (const r of summary.rejected) {
      if (rejections.length < 20) rejections.push({ record: r.index, error: r.error });
    }
    opts.onProgress?.({ ...progress });
  };

  for await (const rec of records(file, progress.bytesDone, csv)) {
    const bytes = trimRecord(rec.bytes);
    batchEnd = rec.end;
    if (bytes.length === 0) continue;
    const index = progress.records + batch.length;
    batch.push(
      csv && header
        ? csvItem(bytes, index, header, opts)
        : withDefaultSource(parseNdjsonLine(bytes, index), opts.source),
    );
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await repo.updateImportRun(runId, {
    bytes_done: progress.bytesDone,
    records_done: progress.records,
    accepted: progress.accepted,
    duplicates: progress.duplicates,
    rejected: progress.rejected,
    updated_at: now().toISOString(),
    finished_at: now().toISOString(),
  });
  await db.transaction().execute((trx) =>
    audit(trx, actor, now(), {
      action: 'import.finish',
      objectType: 'import_run',
      objectId: runId,
      after: { path: path.resolve(file), ...progress, resumed_from: resumedFrom },
    }),
  );
  return {
    ...progress,
    resumedFrom,
    alreadyDone: false,
    seconds: (Date.now() - started) / 1000,
    rejections,
  };
}

function withDefaultSource(item: RawItem, source: string | undefined): RawItem {
  if (!source || item.parseError) return item;
  const v = item.value;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !('source' in v)) {
    return { ...item, value: { ...v, source } };
  }
  return item;
}

function csvItem(bytes: Buffer, index: number, header: string[], opts: ImportOptions): RawItem {
  const raw = bytes.toString('utf8');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { index, raw, parseError: { field: '(row)', message: 'is not valid UTF-8' } };
  }
  const parsed = parseCsvRecord(text);
  if (parsed.error) return { index, raw, parseError: { field: '(row)', message: parsed.error } };
  if (parsed.fields.length !== header.length) {
    return {
      index,
      raw,
      parseError: {
        field: '(row)',
        message: `has ${parsed.fields.length} columns; the header has ${header.length}`,
      },
    };
  }
  const row = Object.fromEntries(header.map((h, i) => [h, parsed.fields[i] ?? '']));
  return { index, raw, value: mapRow(row, opts.mapping ?? {}, opts.source) };
}

const NUMERIC = new Set([
  'metrics.reposts',
  'metrics.comments',
  'metrics.likes',
  'metrics.views',
  'metrics.followers',
]);
const FIELDS = [
  'id',
  'source',
  'url',
  'author',
  'title',
  'text',
  'published_at',
  'lang',
  'parent_id',
  'region',
  ...NUMERIC,
];

/** A CSV row -> a post: mapped columns first, then columns named like post fields. */
export function mapRow(
  row: Record<string, string>,
  mapping: CsvMapping,
  source: string | undefined,
): Record<string, unknown> {
  const post: Record<string, unknown> = {};
  const metrics: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const column = mapping[field] ?? field;
    const value = row[column];
    if (value === undefined || value === '') continue;
    if (NUMERIC.has(field)) {
      const n = Number(value);
      metrics[field.slice('metrics.'.length)] = Number.isFinite(n) ? n : value;
    } else {
      post[field] = value;
    }
  }
  if (Object.keys(metrics).length) post.metrics = metrics;
  if (post.source === undefined && source) post.source = source;
  return post;
}
