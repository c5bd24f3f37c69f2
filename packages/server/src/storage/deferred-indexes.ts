import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { Database } from './schema.js';

/**
 * The segment prefilter's covering indexes on contact_facts (migrations 0015 and 0020). Their keys (city, postal code,
 * country, stage) are random to the order an import writes contacts in, so maintaining them row by row rewrites most
 * of their pages at every commit; one build at the end of a large import costs a fraction of that (docs/PERFORMANCE.md).
 */
const DEFERRABLE = ['contact_facts_segment_city', 'contact_facts_segment_postal_code', 'contact_facts_segment_country', 'contact_facts_segment_stage'];

/**
 * Drops the deferrable indexes, each recorded with its definition in `deferred_indexes` in the same transaction, so
 * that a crash before `restore` leaves a record that the next start rebuilds from. An index another import already
 * deferred is left to it. Queries stay correct meanwhile, only slower (segment previews scan contact_facts).
 */
export async function deferIndexes(db: Kysely<Database>, dialect: SqlDialect, now: number): Promise<void> {
  if (!dialect.capabilities.deferIndexesInBulkLoads) return;
  await db.transaction().execute(async (tx) => {
    for (const name of DEFERRABLE) {
      const definition = await dialect.indexDefinition(tx as unknown as Kysely<unknown>, name);
      if (definition === null) continue;
      await tx.insertInto('deferred_indexes').values({ name, definition, deferred_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
      await tx.schema.dropIndex(name).execute();
    }
  });
}

/** Builds every recorded index again, one transaction each, and forgets its record. Safe to run twice or concurrently. */
export async function restoreDeferredIndexes(db: Kysely<Database>): Promise<number> {
  const deferred = await db.selectFrom('deferred_indexes').select(['name', 'definition']).orderBy('name').execute();
  for (const { name, definition } of deferred) {
    await db.transaction().execute(async (tx) => {
      await sql.raw(definition.replace(/^create index /i, 'create index if not exists ')).execute(tx);
      await tx.deleteFrom('deferred_indexes').where('name', '=', name).execute();
    });
  }
  return deferred.length;
}
