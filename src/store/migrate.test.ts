// Which migration failures are another schema changing under Kysely's look at every schema's
// tables (parallel test runs on one PostgreSQL database), and so asked again: the errors as pg
// reports them, seen in CI.
import { describe, expect, it } from 'vitest';
import { otherSchemaChanged } from './migrate.ts';

const ours = 't_123_abcd';

describe('otherSchemaChanged', () => {
  it('asks again when another schema vanished or lost a column during the look', () => {
    const vanished = { code: '3F000', message: 'schema "t_999_ffff" does not exist' };
    expect(otherSchemaChanged({ error: vanished }, ours)).toBe(true);
    const column = {
      code: '42703',
      message: 'column "size" of relation "report_attachments" does not exist',
      routine: 'pg_get_serial_sequence',
    };
    expect(otherSchemaChanged({ error: column, results: [] }, ours)).toBe(true);
  });

  it('does not when our own schema is missing, a migration failed, or on SQLite', () => {
    const own = { code: '3F000', message: `schema "${ours}" does not exist` };
    expect(otherSchemaChanged({ error: own }, ours)).toBe(false);
    const column = {
      code: '42703',
      message: 'column "size" of relation "report_attachments" does not exist',
      routine: 'pg_get_serial_sequence',
    };
    const ran = [{ migrationName: '0015-event-queue', direction: 'Up', status: 'Error' } as const];
    expect(otherSchemaChanged({ error: column, results: ran }, ours)).toBe(false);
    const elsewhere = { ...column, routine: 'errorMissingColumn' };
    expect(otherSchemaChanged({ error: elsewhere }, ours)).toBe(false);
    expect(otherSchemaChanged({ error: column }, undefined)).toBe(false);
    expect(otherSchemaChanged({}, ours)).toBe(false);
  });
});
