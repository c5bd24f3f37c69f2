import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Store } from '../app/ports.js';
import { createStore } from '../storage/create-store.js';
import { assertTestDatabase, type TestDriver } from '../storage/test-support/test-drivers.js';

const PG_URL = process.env['LEADPULSE_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a value could still be: rows of any table (both engines) and, on SQLite, the bytes of the database and its WAL. */
export interface StoreInspector {
  tablesHolding(needle: string): Promise<string[]>;
  /** null on PostgreSQL, whose files are the server's. */
  filesHolding(needle: string): string[] | null;
  close(): Promise<void>;
}

/**
 * A store for privacy tests, with a way to look for a value everywhere it could be left. SQLite: a file in a fresh
 * folder; PostgreSQL: a schema of the calling test file's own, dropped on close.
 */
export async function openInspectedStore(driver: TestDriver, testFileUrl: string): Promise<{ store: Store; inspect: StoreInspector }> {
  const schema = `t_${createHash('sha256').update(testFileUrl).digest('hex').slice(0, 10)}_inspected`;
  if (driver.name === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-privacy-'));
    const store = await createStore({ dataDir });
    await store.migrate();
    const file = join(dataDir, 'leadpulse.sqlite');
    return {
      store,
      inspect: {
        async tablesHolding(needle) {
          // A connection per look: a reader left open would hold the WAL and keep the erase's checkpoint from truncating it.
          const db = new Database(file, { readonly: true });
          try {
            const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
            return tables
              .filter(({ name }) => {
                const columns = (db.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => `coalesce(cast("${c.name}" as text), '')`);
                return (db.prepare(`select count(*) as n from "${name}" where instr(lower(${columns.join(" || ' ' || ")}), lower(?)) > 0`).get(needle) as { n: number }).n > 0;
              })
              .map(({ name }) => name);
          } finally {
            db.close();
          }
        },
        filesHolding(needle) {
          const files = [file, `${file}-wal`].filter(existsSync);
          return files.filter((f) => {
            const bytes = readFileSync(f);
            return bytes.includes(Buffer.from(needle)) || bytes.includes(Buffer.from(needle.toLowerCase()));
          });
        },
        close: async () => rmSync(dataDir, { recursive: true, force: true }),
      },
    };
  }
  assertTestDatabase(PG_URL);
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  const store = await createStore({ databaseUrl: PG_URL, dataDir: tmpdir(), schema: schema });
  await store.migrate();
  return {
    store,
    inspect: {
      async tablesHolding(needle) {
        const { rows } = await client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'", [schema]);
        const holding: string[] = [];
        for (const { table_name: table } of rows) {
          const found = await client.query(`select 1 from ${schema}."${table}" t where strpos(lower(t::text), lower($1)) > 0 limit 1`, [needle]);
          if (found.rowCount) holding.push(table);
        }
        return holding;
      },
      filesHolding: () => null,
      async close() {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    },
  };
}

