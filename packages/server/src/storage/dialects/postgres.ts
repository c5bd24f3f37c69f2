import pg from 'pg';
import { PostgresDialect, sql } from 'kysely';
import type { Logger } from '../../app/ports.js';
import type { SqlDialect } from './sql-dialect.js';
import { withUnavailableErrors } from './with-unavailable-errors.js';

const INT8_OID = 20;

// admin_shutdown (pg_terminate_backend, fast shutdown), crash_shutdown, cannot_connect_now (starting up, shutting
// down, in recovery) and too_many_connections; class 08 (connection exception) is matched by prefix.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// pg's own errors carry no code: a socket closed under a client, a client already broken, the pool's connect timeout.
const UNAVAILABLE_MESSAGE = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

/** True for errors that mean the database cannot be reached now, as opposed to a failing statement. */
export function isConnectionLoss(error: unknown): boolean {
  // Node reports a refused connection to every address of a host (::1 and 127.0.0.1) as one AggregateError.
  if (error instanceof AggregateError && error.errors.some(isConnectionLoss)) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * Scale-out store: a pool on PostgreSQL, optionally confined to one schema (tests use one per file). Connections
 * carry `application_name` leadpulse (leadpulse:<schema> with a schema), so operators can find them in pg_stat_activity.
 */
export function createPostgresDialect(databaseUrl: string, options: { schema?: string; logger?: Logger } = {}): SqlDialect {
  const { schema, logger } = options;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    application_name: schema ? `leadpulse:${schema}` : 'leadpulse',
    // Without these, a host that drops packets holds requests until the kernel gives up: on connect (minutes), or
    // forever on a connection that waits for an answer that will not come (keepalive probes find it dead).
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // Epoch milliseconds are bigint columns; they fit a JS number exactly, so read them as numbers.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // A connection that dies emits 'error' on its client, and on the pool too when it was idle; an unhandled one would
  // end the process. The pool drops the broken client by itself, and the next checkout opens a new connection.
  const logged = new WeakSet<object>();
  const logConnectionLoss = (error: Error) => {
    if (logged.has(error)) return;
    logged.add(error);
    logger?.warn({ err: error }, 'store.connection_lost');
  };
  pool.on('error', logConnectionLoss);
  pool.on('connect', (client) => client.on('error', logConnectionLoss));
  return {
    engine: 'postgres',
    kysely: withUnavailableErrors(new PostgresDialect({ pool }), isConnectionLoss),
    capabilities: { concurrentWriters: true, skipLocked: true, scanWideRanges: false, deferIndexesInBulkLoads: false },
    maxParameters: 60_000,
    likeOperator: 'ilike',
    jsonText: (column, key) => sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key})`,
    // LIKE 'p%' with the pattern characters escaped: the text_pattern_ops indexes of migration 0015 serve it.
    startsWith: (column, prefix) => sql<boolean>`${sql.ref(column)} like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    utcDay: (column) => sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`,
    // Hashes the contact id in a (parallel) scan: PostgreSQL has no cheap row-number lookup.
    sampleFactsOneIn: (n) => (n <= 1 ? sql<boolean>`1 = 1` : sql<boolean>`abs(hashtext(contact_facts.contact_id)) % ${n} = 0`),
    // PostgreSQL computes a derived table's expressions once per row already.
    keepWhole: (query) => query,
    indexDefinition: async (db, name) =>
      (await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = current_schema() and indexname = ${name}`.execute(db)).rows[0]?.indexdef ?? null,
    // Keys are scoped to the schema in use (LEADPULSE_DATABASE_URL's search_path, or a test's): deployments and test
    // files sharing a database do not wait for each other.
    lockKeys: async (db, keys) => {
      if (keys.length === 0) return;
      await sql`select pg_advisory_xact_lock(hashtextextended(coalesce(current_schema(), '') || ':' || k, 0)) from unnest(${[...new Set(keys)].sort()}::text[]) as k order by k`.execute(db);
    },
    // A session lock needs one server session from lock to unlock: a direct connection or session pooling (not
    // PgBouncer's transaction pooling, docs/scale-out.md). If the process dies, the database lets it go.
    holdLock: async (name) => {
      const client = await pool.connect();
      try {
        await client.query(`select pg_advisory_lock(hashtextextended(coalesce(current_schema(), '') || ':' || $1, 0))`, [name]);
      } catch (error) {
        client.release(true);
        throw error;
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        try {
          await client.query(`select pg_advisory_unlock(hashtextextended(coalesce(current_schema(), '') || ':' || $1, 0))`, [name]);
          client.release();
        } catch (error) {
          // Closing the connection lets the lock go; the work it guarded is done, so this is not the caller's failure.
          logger?.warn({ err: error, lock: name }, 'store.unlock_failed');
          client.release(true);
        }
      };
    },
    // Multi-row statements are already one round trip per chunk on PostgreSQL.
    bulkWrite: () => false,
    bulkRead: () => null,
    // Deleted rows stay as dead tuples until VACUUM; docs/privacy.md says what an operator runs.
    purgeDeleted: async () => 'vacuum_pending',
    // The server has the commit once it answers; only a crash of the database server itself may lose it.
    relaxedCommit: (db, work) =>
      db.transaction().execute(async (tx) => {
        await sql`set local synchronous_commit = off`.execute(tx);
        return work(tx);
      }),
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
