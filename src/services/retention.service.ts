// Retention (SPEC "Responsible use"): mentions and quarantined input are kept for a set
// period after collection, then purged, unless something a person acts on refers to them.
// What an alert, a watched event or an incident refers to is kept as evidence.
import { sql } from 'kysely';
import { audit, SYSTEM, type ServiceDeps } from './context.ts';

/**
 * Tables whose rows keep a mention alive, by the column that holds the mention id. Later
 * features (alerts, events under watch, incidents) add theirs here.
 */
export const EVIDENCE_REFERENCES: readonly { table: string; column: string }[] = [
  // Mentions that triggered an alert (their copy is in alert_evidence too).
  { table: 'alert_evidence', column: 'mention_id' },
  { table: 'incident_links', column: 'mention_id' },
];

/** Rows derived from a mention (its analysis): purged with it. */
const DERIVED_TABLES = [
  'mention_analysis',
  'mention_schemes',
  'mention_regions',
  'mention_risks',
  'mention_events',
] as const;

export interface PurgeResult {
  cutoff: string;
  mentions: number;
  quarantine: number;
}

export class RetentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly days: number,
  ) {}

  async purge(): Promise<PurgeResult> {
    const now = this.deps.now();
    const cutoff = new Date(now.getTime() - this.days * 86_400_000).toISOString();
    return this.deps.store.db.transaction().execute(async (trx) => {
      let doomed = trx.selectFrom('mentions').select('id').where('collected_at', '<', cutoff);
      for (const ref of EVIDENCE_REFERENCES) {
        doomed = doomed.where(
          'id',
          'not in',
          sql<string>`(select ${sql.ref(ref.column)} from ${sql.table(ref.table)} where ${sql.ref(ref.column)} is not null)`,
        );
      }
      for (const table of DERIVED_TABLES) {
        await trx.deleteFrom(table).where('mention_id', 'in', doomed).execute();
      }
      const del = trx.deleteFrom('mentions').where('id', 'in', doomed);
      const mentions = Number((await del.executeTakeFirst()).numDeletedRows);
      const quarantine = Number(
        (await trx.deleteFrom('quarantine').where('received_at', '<', cutoff).executeTakeFirst())
          .numDeletedRows,
      );
      const result = { cutoff, mentions, quarantine };
      await audit(trx, SYSTEM, now, {
        action: 'retention.purge',
        objectType: 'mentions',
        objectId: null,
        after: { ...result, retention_days: this.days },
      });
      return result;
    });
  }
}
