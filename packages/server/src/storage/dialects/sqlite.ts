import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { BulkWrite, SqlDialect } from './sql-dialect.js';

/**
 * Embedded store: one SQLite file in WAL mode. synchronous=FULL because a 2xx promises durability;
 * group commit in the ingestion writer keeps the fsync cost per request small.
 */
export function createSqliteDialect(dataDir: string): SqlDialect {
  mkdirSync(dataDir, { recursive: true });
  const database = new Database(join(dataDir, 'leadpulse.sqlite'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  return {
    engine: 'sqlite',
    kysely: new SqliteDialect({ database }),
    capabilities: { concurrentWriters: false, skipLocked: false },
    maxParameters: 32_000,
    likeOperator: 'like',
    lockRows: (query) => query,
    bulkWrite: createSqliteBulkWrite(database),
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
  const statements: Record<BulkWrite, () => Database.Statement> = {
    insert_events: lazy(() => database.prepare(`insert into events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map((c) => `@${c}`).join(', ')}) on conflict (id) do nothing`)),
    save_contacts: lazy(() => database.prepare(`update contacts set ${CONTACT_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} where id = @id`)),
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
