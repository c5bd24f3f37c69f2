import type { Kysely } from 'kysely';

/**
 * `deferred_indexes`: the indexes a large import dropped to build them once at its end (deferred-indexes.ts), with the
 * statement that rebuilds each. A row left by a crash is rebuilt at the next start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deferred_indexes')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('deferred_at', 'bigint', (c) => c.notNull())
    .execute();
}
