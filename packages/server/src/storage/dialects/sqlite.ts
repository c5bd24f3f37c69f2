import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { SqlDialect } from './sql-dialect.js';

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
  };
}
