import { sql, type Kysely } from 'kysely';

/**
 * `contact_facts.last_seen_day`, floor(last_seen_at / 86,400,000), and the stage index of the segment prefilter (0015)
 * carrying it. `last_seen_at` changes with every event, so no index carries it (0006); the day changes at most once a
 * day. A segment such as "hot or client, quiet for 90 days" then counts from the index alone, reading the row only of
 * contacts last seen on the cutoff's own day (core's prefilter-of.ts).
 */
const STAGE_INDEX = ['stage', 'birth_date', 'age', 'gender', 'consent_email', 'consent_ads', 'first_seen_at', 'country', 'last_seen_day'];

async function addDay(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contact_facts').addColumn('last_seen_day', 'bigint').execute();
  // Integer division truncates towards zero: instants before 1970 take the day below, as Math.floor does.
  await sql`update contact_facts set last_seen_day = case when last_seen_at >= 0 then last_seen_at / 86400000 else (last_seen_at - 86399999) / 86400000 end where last_seen_at is not null`.execute(db);
  await db.schema.dropIndex('contact_facts_segment_stage').execute();
}

export const up = {
  sqlite: async (db: Kysely<unknown>) => {
    await addDay(db);
    await db.schema.createIndex('contact_facts_segment_stage').on('contact_facts').columns(STAGE_INDEX).where('first_seen_at', 'is not', null).execute();
  },
  postgres: async (db: Kysely<unknown>) => {
    await addDay(db);
    await sql.raw(`create index contact_facts_segment_stage on contact_facts (${STAGE_INDEX.join(', ')}) where first_seen_at is not null`).execute(db);
  },
};
