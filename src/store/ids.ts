// Time-ordered ids (UUID version 7, RFC 9562): a later id sorts after an earlier one, also
// within one millisecond of one process, so rows written in one batch keep their order when
// sorted by id (re-analysis relies on it to rebuild similar-article groups as they formed).
import { createHash, randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/** A UUIDv7: 48-bit Unix milliseconds, a 12-bit counter within the millisecond, 62 random bits. */
export function timeOrderedId(now = Date.now()): string {
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    seq++;
    if (seq > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next millisecond rather than lose the order.
      ms++;
      seq = 0;
    }
  } else {
    seq = 0;
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The natural key of a post a source names by its own id (unique in `mentions.natural_key`). */
export function externalIdKey(sourceId: string, externalId: string): string {
  return createHash('sha256').update(`id\n${sourceId}\n${externalId}`, 'utf8').digest('hex');
}
