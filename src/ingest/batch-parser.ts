// Turns a pushed body into batch items: a JSON array, or NDJSON (one post a line). A line
// that is not JSON, or not UTF-8, becomes an item with its reason; the others go on.
import type { RawItem } from './ingest.service.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Parses one NDJSON line (bytes, without its newline) into an item at `index`. */
export function parseNdjsonLine(bytes: Uint8Array, index: number): RawItem {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return {
      index,
      raw: lenientUtf8.decode(bytes),
      parseError: { field: '(line)', message: 'is not valid UTF-8' },
    };
  }
  try {
    return { index, raw: text, value: JSON.parse(text) as unknown };
  } catch (e: unknown) {
    return {
      index,
      raw: text,
      parseError: {
        field: '(line)',
        message: `is not valid JSON (${e instanceof Error ? e.message : 'parse error'})`,
      },
    };
  }
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

/** NDJSON body -> items; `index` counts non-empty lines, as SPEC.md says. */
export function parseNdjson(body: Uint8Array): RawItem[] {
  const items: RawItem[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      if (!isBlank(body, start, i)) {
        let end = i;
        if (end > start && body[end - 1] === 0x0d) end--;
        items.push(parseNdjsonLine(body.subarray(start, end), items.length));
      }
      start = i + 1;
    }
  }
  return items;
}

/** A parsed JSON body -> items: an array of posts, or a single post. */
export function jsonBatch(value: unknown): RawItem[] | null {
  if (Array.isArray(value)) return (value as unknown[]).map((v, index) => ({ index, value: v }));
  if (typeof value === 'object' && value !== null) return [{ index: 0, value }];
  return null;
}
