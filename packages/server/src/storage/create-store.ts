import type { Logger, Store } from '../app/ports.js';
import { createPostgresDialect, ensureSchema } from './dialects/postgres.js';
import { createSqliteDialect } from './dialects/sqlite.js';
import { createSqlStore } from './sql-store.js';

/**
 * Without a database URL the store is an embedded SQLite file in `dataDir`; with a postgres:// URL it is
 * PostgreSQL, optionally confined to `schema`. Call `migrate()` before use.
 */
export async function createStore(options: { databaseUrl?: string; dataDir: string; schema?: string; logger?: Logger }): Promise<Store> {
  if (!options.databaseUrl) {
    options.logger?.info({ engine: 'sqlite', dataDir: options.dataDir }, 'store.open');
    return createSqlStore(createSqliteDialect(options.dataDir, { logger: options.logger }));
  }
  if (options.schema) await ensureSchema(options.databaseUrl, options.schema);
  options.logger?.info({ engine: 'postgres', schema: options.schema ?? 'public' }, 'store.open');
  return createSqlStore(createPostgresDialect(options.databaseUrl, { schema: options.schema, logger: options.logger }));
}
