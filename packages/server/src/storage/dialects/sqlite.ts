import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Logger } from '../../app/ports.js';
import { DETAIL_COLUMNS, FACT_COLUMNS } from '../fact-columns.js';
import { preparePrivateDataDir } from '../private-data-dir.js';
import type { BulkRead, BulkWrite, SqlDialect } from './sql-dialect.js';

/**
 * Embedded store: one SQLite file in WAL mode, in a data directory only its user can read (private-data-dir.ts).
 * synchronous=FULL because a 2xx promises durability; group commit in the ingestion writer keeps the fsync cost per
 * request small. secure_delete=ON because an erased contact must leave no bytes behind: SQLite then zeroes every
 * deleted row and freed page, including the old copies that updates leave in a page (purge-erased.ts checkpoints
 * the WAL afterwards).
 */
export function createSqliteDialect(dataDir: string, options: { logger?: Logger } = {}): SqlDialect {
  const file = join(dataDir, 'leadpulse.sqlite');
  preparePrivateDataDir(dataDir, file, options.logger);
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('secure_delete = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  // Keeps the planner's statistics current (cheap; SQLite only analyzes what changed a lot).
  database.pragma('optimize = 0x10002');
  return {
    engine: 'sqlite',
    file,
    kysely: new SqliteDialect({ database }),
    capabilities: { concurrentWriters: false, skipLocked: false },
    maxParameters: 32_000,
    likeOperator: 'like',
    lockRows: (query) => query,
    // One writer: transactions never overlap, so there is nothing to lock.
    lockKeys: async () => {},
    bulkWrite: createSqliteBulkWrite(database),
    bulkRead: createSqliteBulkRead(database),
  };
}

const EVENT_COLUMNS = ['id', 'contact_id', 'origin_contact_id', 'type', 'name', 'at', 'received_at', 'bot', 'internal', 'user_id', 'anonymous_id', 'payload'];
const CONTACT_COLUMNS = ['user_id', 'email', 'stage', 'stage_since', 'score', 'reasons', 'score_lines', 'state', 'next_eval_at', 'first_seen_at', 'last_seen_at', 'updated_at', 'doctrine_version'];

/**
 * better-sqlite3 is synchronous and shares the connection Kysely's open transaction holds, so a cached
 * prepared statement run in a loop writes inside that transaction, several times faster than re-preparing
 * a multi-row statement for every chunk.
 */
function createSqliteBulkWrite(database: Database.Database) {
  const insert = (table: string, columns: readonly string[], conflict = '') =>
    lazy(() => database.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')}) ${conflict}`));
  const statements: Record<BulkWrite, () => Database.Statement> = {
    insert_events: insert('events', EVENT_COLUMNS, 'on conflict (id) do nothing'),
    save_contacts: lazy(() => database.prepare(`update contacts set ${CONTACT_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} where id = @id`)),
    create_contacts: insert('contacts', ['id', ...CONTACT_COLUMNS, 'created_at', 'merged_into']),
    insert_identities: insert('identities', ['kind', 'value', 'contact_id', 'created_at'], 'on conflict (kind, value) do nothing'),
    save_facts: insert('contact_facts', ['contact_id', ...FACT_COLUMNS], `on conflict (contact_id) do update set ${FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`),
    save_details: insert('contact_details', ['contact_id', ...DETAIL_COLUMNS], `on conflict (contact_id) do update set ${DETAIL_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`),
    insert_stage_changes: insert('stage_changes', ['id', 'contact_id', 'from_stage', 'to_stage', 'at', 'cause', 'doctrine_version', 'reasons', 'score']),
  };
  return (kind: BulkWrite, rows: readonly Record<string, unknown>[]): boolean => {
    const statement = statements[kind]();
    for (const row of rows) statement.run(row);
    return true;
  };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** One statement per lookup kind, whatever the number of keys: the keys travel as one JSON array. */
function createSqliteBulkRead(database: Database.Database) {
  const statements: Record<BulkRead, () => Database.Statement> = {
    event_ids: lazy(() => database.prepare('select id from events where id in (select value from json_each(?))')),
    erased_keys: lazy(() => database.prepare('select hash, kind, erased_at from erased_keys where hash in (select value from json_each(?))')),
    identities: lazy(() =>
      database.prepare("select i.kind, i.value, i.contact_id from json_each(?) k join identities i on i.kind = json_extract(k.value, '$[0]') and i.value = json_extract(k.value, '$[1]')"),
    ),
    contacts: lazy(() => database.prepare('select * from contacts where id in (select value from json_each(?)) and merged_into is null order by id')),
    histories: lazy(() =>
      database.prepare(
        'select id, contact_id, type, name, at, received_at, bot, internal, user_id, anonymous_id, payload from events where contact_id in (select value from json_each(?)) and internal = 0 order by contact_id, at, id',
      ),
    ),
  };
  return (kind: BulkRead, keys: readonly unknown[]): Record<string, unknown>[] => statements[kind]().all(JSON.stringify(keys)) as Record<string, unknown>[];
}
