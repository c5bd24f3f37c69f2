import pg from 'pg';
import { PostgresDialect, sql } from 'kysely';
import type { SqlDialect } from './sql-dialect.js';

const INT8_OID = 20;

/** Scale-out store: a pool on PostgreSQL, optionally confined to one schema (tests use one per file). */
export function createPostgresDialect(databaseUrl: string, schema?: string): SqlDialect {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // Epoch milliseconds are bigint columns; they fit a JS number exactly, so read them as numbers.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  return {
    engine: 'postgres',
    kysely: new PostgresDialect({ pool }),
    capabilities: { concurrentWriters: true, skipLocked: true },
    maxParameters: 60_000,
    likeOperator: 'ilike',
    lockRows: (query) => query.forUpdate(),
    // Multi-row statements are already one round trip per chunk on PostgreSQL.
    lockKeys: async (db, keys) => {
      if (keys.length === 0) return;
      await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${[...new Set(keys)].sort()}::text[]) as k order by k`.execute(db);
    },
    bulkWrite: () => false,
    bulkRead: () => null,
  };
}

/** Creates the schema if needed, before the pool that uses it is opened. */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}": use lowercase letters, digits and "_".`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${schema}`);
  } finally {
    await client.end();
  }
}
