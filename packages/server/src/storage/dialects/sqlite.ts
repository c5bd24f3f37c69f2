import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect, sql, type Kysely } from 'kysely';
import type { Logger } from '../../app/ports.js';
import type { PurgeOutcome } from '../../app/privacy-ports.js';
import { ORDER } from '../campaign-outcome-sql.js';
import { CONTACT_UPDATE_COLUMNS } from '../contact-columns.js';
import { DETAIL_COLUMNS } from '../fact-columns.js';
import { contactDetailsTable, contactFactsTable, contactsTable, eventsTable, identitiesTable, segmentMembersTable, segmentMovesTable, stageChangesTable } from '../schema.js';
import type { AnyTable } from '../table.js';
import { preparePrivateDataDir } from '../private-data-dir.js';
import type { BulkRead, BulkWrite, SqlDialect } from './sql-dialect.js';
import { indexAwareUpsert } from './sqlite-index-aware-upsert.js';
import { createSqliteOrderOutcomes } from './sqlite-order-outcomes.js';

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
  return sqliteDialectOn(database, file);
}

/** Distinct statements kept prepared; queries built with a variable number of parameters make a few hundred at most. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query it runs; preparing costs as much as running a small statement. The SQL text of a query
 * built by the same code is the same each time, so its prepared statement is kept (least recently used out first).
 * Reuse is safe: the store's one connection runs one statement at a time, a streamed read included.
 */
function withStatementCache(database: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string): Database.Statement {
      let statement = statements.get(text);
      if (statement) statements.delete(text);
      else {
        statement = database.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

/**
 * A read-only connection to an embedded store's file, for a worker thread: WAL mode lets it see every committed write
 * without blocking the writer.
 */
export function createSqliteReadDialect(file: string): SqlDialect {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  return sqliteDialectOn(database, file);
}

function sqliteDialectOn(database: Database.Database, file: string): SqlDialect {
  return {
    engine: 'sqlite',
    file,
    kysely: new SqliteDialect({ database: withStatementCache(database) }),
    capabilities: { concurrentWriters: false, skipLocked: false, scanWideRanges: true, deferIndexesInBulkLoads: true },
    maxParameters: 32_000,
    likeOperator: 'like',
    jsonText: (column, key) => sql<string | null>`cast(json_extract(${sql.ref(column)}, ${`$."${key}"`}) as text)`,
    // A range on the BINARY collation: the index on the column serves it, and no character of the prefix is special.
    startsWith: (column, prefix) => {
      const upper = successorOf(prefix);
      return upper === null ? sql<boolean>`${sql.ref(column)} >= ${prefix}` : sql<boolean>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${upper})`;
    },
    utcDay: (column) => sql<string>`strftime('%Y-%m-%d', ${sql.ref(column)} / 1000, 'unixepoch')`,
    // Looks up every n-th rowid instead of scanning the table.
    sampleFactsOneIn: (n) =>
      n <= 1
        ? sql<boolean>`1 = 1`
        : sql<boolean>`contact_facts.rowid in (with recursive stride(r) as (select ${n} union all select r + ${n} from stride where r + ${n} <= (select max(rowid) from contact_facts)) select r from stride)`,
    // SQLite flattens a derived table into its outer query and would compute its expressions once per use; a LIMIT keeps it whole.
    keepWhole: (query) => query.limit(-1),
    indexDefinition: async (db, name) =>
      (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and name = ${name}`.execute(db)).rows[0]?.sql ?? null,
    // One writer: transactions never overlap, so there is nothing to lock.
    lockKeys: async () => {},
    holdLock: async () => async () => {},
    bulkWrite: createSqliteBulkWrite(database),
    bulkRead: createSqliteBulkRead(database),
    purgeDeleted: (db, values) => purgeDeleted(db, values),
    // The level can only change outside a transaction: the reserved connection keeps every other commit out meanwhile.
    relaxedCommit: (db, work) =>
      db.connection().execute(async (connection) => {
        database.pragma('synchronous = NORMAL');
        try {
          return await connection.transaction().execute(work);
        } finally {
          database.pragma('synchronous = FULL');
        }
      }),
  };
}

/**
 * better-sqlite3 is synchronous and shares the connection Kysely's open transaction holds, so a cached
 * prepared statement run in a loop writes inside that transaction, several times faster than re-preparing
 * a multi-row statement for every chunk.
 */
function createSqliteBulkWrite(database: Database.Database) {
  const insert = (table: AnyTable, conflict = '') =>
    lazy(() => database.prepare(`insert into ${table.name} (${table.columns.join(', ')}) values (${table.columns.map((c) => `@${c}`).join(', ')}) ${conflict}`));
  const setExcluded = (columns: readonly string[]) => columns.map((c) => `${c} = excluded.${c}`).join(', ');
  const statements: Record<Exclude<BulkWrite, 'save_facts'>, () => Database.Statement> = {
    insert_events: insert(eventsTable, 'on conflict (id) do nothing'),
    save_contacts: lazy(() => database.prepare(`update contacts set ${CONTACT_UPDATE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, segments = coalesce(@segments, segments) where id = @id`)),
    // With the live segments' membership: a contact created by a batch is inserted whole (store-tx.ts saveContacts).
    create_contacts: lazy(() => database.prepare(`insert into contacts (${[...contactsTable.columns, 'segments'].join(', ')}) values (${[...contactsTable.columns, 'segments'].map((c) => `@${c}`).join(', ')})`)),
    insert_identities: insert(identitiesTable, 'on conflict (kind, value) do nothing'),
    save_details: insert(contactDetailsTable, `on conflict (contact_id) do update set ${setExcluded(DETAIL_COLUMNS)}`),
    insert_stage_changes: insert(stageChangesTable),
    insert_segment_members: insert(segmentMembersTable, 'on conflict (segment_id, contact_id) do nothing'),
    delete_segment_members: lazy(() => database.prepare('delete from segment_members where segment_id = @segment_id and contact_id = @contact_id')),
    insert_segment_moves: insert(segmentMovesTable),
    set_contact_segments: lazy(() => database.prepare('update contacts set segments = @segments where id = @id')),
  };
  const saveFacts = lazy(() => indexAwareUpsert(database, contactFactsTable, 'contact_id'));
  const orderOutcomes = createSqliteOrderOutcomes(database);
  return (kind: BulkWrite, rows: readonly Record<string, unknown>[]): boolean => {
    if (kind === 'save_facts') {
      const save = saveFacts();
      for (const row of rows) save(row);
      return true;
    }
    const statement = statements[kind]();
    if (kind === 'insert_events') {
      const orders: string[] = [];
      for (const row of rows) if (statement.run(row).changes > 0 && row['name'] === ORDER) orders.push(row['id'] as string);
      orderOutcomes(orders);
      return true;
    }
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

/**
 * What the file still holds after an erase has committed. secure_delete has zeroed the rows in the database pages,
 * but two copies remain: the planner's index samples (sqlite_stat4, written by ANALYZE, which `pragma optimize` runs)
 * may hold a sampled email or userId, and the WAL holds the pages as they were before. The samples holding an erased
 * value are deleted (the planner keeps the others), and a TRUNCATE checkpoint copies the WAL into the database and
 * empties it. A reader holding an old snapshot (a report in its worker) can make the checkpoint give up after the busy
 * timeout: the next erase or restart truncates it then.
 */
async function purgeDeleted(db: Kysely<unknown>, values: readonly string[]): Promise<PurgeOutcome> {
  const { rows: stat4 } = await sql`select 1 from sqlite_master where type = 'table' and name = 'sqlite_stat4'`.execute(db);
  if (stat4.length > 0) {
    // Samples are records: a text value is stored as its UTF-8 bytes, so a byte search finds it.
    for (const value of new Set(values)) await sql`delete from sqlite_stat4 where instr(sample, ${Buffer.from(value)}) > 0`.execute(db);
  }
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  return Number(rows[0]?.busy ?? 1) === 0 ? 'purged' : 'wal_busy';
}

/** The smallest string above every string that starts with `prefix` (UTF-8 byte order); null when there is none. */
export function successorOf(prefix: string): string | null {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    // Surrogates cannot stand alone; the largest code point has no successor: carry to the previous character.
    let next = last + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return String.fromCodePoint(...points, next);
  }
  return null;
}
