import { sql, type Kysely } from 'kysely';

/**
 * SQLite: orders appended to the log update the campaign outcome once per batch (dialects/sqlite-order-outcomes.ts)
 * instead of by 0014's row trigger, whose WHEN clause SQLite tests by running the trigger's program for every event.
 * The delete and update triggers stay: they fire on erasures and merges, never on an import's inserts.
 */
export const up = {
  sqlite: async (db: Kysely<unknown>) => {
    await sql`drop trigger campaign_outcomes_order`.execute(db);
  },
  postgres: async () => {},
};
