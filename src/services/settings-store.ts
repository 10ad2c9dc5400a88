// Settings rows (key -> JSON) written with their audit entry in one transaction.
import type { Db } from '../store/db.ts';
import { audit, type Actor } from './context.ts';

export async function readSettingRow(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/** Stores a setting (null: the built-in default again) and audits the change, before and after. */
export async function writeAuditedSetting(
  db: Db,
  actor: Actor,
  now: Date,
  key: string,
  value: unknown,
  action: string,
): Promise<void> {
  const before = await readSettingRow(db, key);
  const json = JSON.stringify(value);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key, value: json, updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: json, updated_at: now.toISOString() }),
      )
      .execute();
    await audit(trx, actor, now, {
      action,
      objectType: 'setting',
      objectId: key,
      before: before === undefined ? null : (JSON.parse(before) as unknown),
      after: value,
    });
  });
}
