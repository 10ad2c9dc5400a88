// One CSV record (RFC 4180: comma-separated, fields in double quotes may hold commas,
// newlines and doubled quotes). Records are split upstream, on bytes.

/** Post field <- CSV column name. */
export type CsvMapping = Record<string, string>;

export function parseCsvRecord(record: string): { fields: string[]; error?: string } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let atFieldStart = true;
  while (i < record.length) {
    const ch = record[i];
    if (quoted) {
      if (ch === '"') {
        if (record[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        // After a closing quote only a separator may follow.
        if (i < record.length && record[i] !== ',') {
          return { fields, error: `has text after a closing quote in column ${fields.length + 1}` };
        }
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (quoted) return { fields, error: `has an unclosed quote in column ${fields.length + 1}` };
  fields.push(field);
  return { fields };
}
