import { sql, type Kysely } from 'kysely';

/**
 * Segments (issue 16): saved definitions with their versions, live membership and its moves, and the typed
 * demographic columns the segment prefilter reads (core's profileOf, written with every contact save).
 *
 * `contacts.segments` holds the ids of the live segments the contact is in, sorted and joined by '|', so that the
 * write path diffs a contact's new membership against it without another read. `segment_moves` is the history of
 * entries (1) and exits (0) that the size-over-time series sums per UTC day.
 */
const PROFILE_COLUMNS: readonly [string, 'bigint' | 'double precision' | 'text' | 'integer'][] = [
  ['birth_date', 'bigint'],
  ['age', 'double precision'],
  ['gender', 'text'],
  ['household_size', 'integer'],
  ['children', 'integer'],
  ['country', 'text'],
  ['region', 'text'],
  ['city', 'text'],
  ['postal_code', 'text'],
  ['latitude', 'double precision'],
  ['longitude', 'double precision'],
  ['consent_email', 'integer'],
  ['consent_sms', 'integer'],
  ['consent_ads', 'integer'],
  ['consent_tracking', 'integer'],
];

/**
 * The preview's indexes: each leads with a column segments filter on by equality or prefix (geography) or stage, and
 * carries the demographic columns most filters combine with it, so a count such as "women 25–34 with a 69… postal
 * code who accept email" is read from the index alone (SQLite reads one index per table; a row lookup per candidate
 * cost 20 times more at a million contacts). Partial on contacts seen at least once, the only ones segments count.
 * Their columns change rarely (a move, a birthday given, a consent answer), unlike last_seen_at and page views, which
 * change with every event and are left out (see 0006 on what that costs ingestion).
 */
// first_seen_at too: without it SQLite does not treat the partial index as covering.
const CARRIED = ['stage', 'birth_date', 'age', 'gender', 'consent_email', 'consent_ads', 'first_seen_at'] as const;
const INDEXES: readonly (readonly string[])[] = [['city', ...CARRIED], ['postal_code', ...CARRIED], ['country', ...CARRIED], [...CARRIED, 'country']];

async function createTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema
    .createTable('segment_versions')
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_versions_pkey', ['segment_id', 'version'])
    .execute();
  await db.schema
    .createTable('segment_members')
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_members_pkey', ['segment_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('segment_members_contact').on('segment_members').column('contact_id').execute();
  await db.schema
    .createTable('segment_moves')
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('entered', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('segment_moves_segment_at').on('segment_moves').columns(['segment_id', 'at']).execute();

  await db.schema.alterTable('contacts').addColumn('segments', 'text', (c) => c.notNull().defaultTo('')).execute();
  for (const [name, type] of PROFILE_COLUMNS) await db.schema.alterTable('contact_facts').addColumn(name, type).execute();
}

/** The text columns a prefix (postal code, city) is looked up on; PostgreSQL's LIKE 'p%' uses an index only with text_pattern_ops. */
const PREFIXED = new Set(['city', 'postal_code']);

export const up = {
  sqlite: async (db: Kysely<unknown>) => {
    await createTables(db);
    for (const columns of INDEXES) {
      await db.schema.createIndex(`contact_facts_segment_${columns[0]}`).on('contact_facts').columns([...columns]).where('first_seen_at', 'is not', null).execute();
    }
  },
  postgres: async (db: Kysely<unknown>) => {
    await createTables(db);
    for (const columns of INDEXES) {
      const list = columns.map((c, i) => (i === 0 && PREFIXED.has(c) ? `${c} text_pattern_ops` : c)).join(', ');
      await sql.raw(`create index contact_facts_segment_${columns[0]} on contact_facts (${list}) where first_seen_at is not null`).execute(db);
    }
  },
};
