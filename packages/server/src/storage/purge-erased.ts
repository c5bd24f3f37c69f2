import { sql, type Kysely } from 'kysely';
import type { PurgeOutcome } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { Database } from './schema.js';

/**
 * What an embedded file still holds after an erase has committed. secure_delete (dialects/sqlite.ts) has zeroed the
 * rows in the database pages, but two copies remain: the planner's index samples (sqlite_stat4, written by ANALYZE,
 * which `pragma optimize` runs) may hold a sampled email or userId, and the WAL holds the pages as they were before.
 * The samples holding an erased value are deleted (the planner keeps the others), and a TRUNCATE checkpoint copies the
 * WAL into the database and empties it. A reader holding an old snapshot (a report in its worker) can make the
 * checkpoint give up after the busy timeout: the next erase or restart truncates it then. PostgreSQL keeps deleted rows
 * as dead tuples until VACUUM, so there is nothing to do here (docs/security-notes-privacy.md).
 */
export async function purgeErased(db: Kysely<Database>, dialect: SqlDialect, values: readonly string[]): Promise<PurgeOutcome> {
  if (!dialect.file) return 'vacuum_pending';
  const { rows: stat4 } = await sql`select 1 from sqlite_master where type = 'table' and name = 'sqlite_stat4'`.execute(db);
  if (stat4.length > 0) {
    // Samples are records: a text value is stored as its UTF-8 bytes, so a byte search finds it.
    for (const value of new Set(values)) await sql`delete from sqlite_stat4 where instr(sample, ${Buffer.from(value)}) > 0`.execute(db);
  }
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  return Number(rows[0]?.busy ?? 1) === 0 ? 'purged' : 'wal_busy';
}
