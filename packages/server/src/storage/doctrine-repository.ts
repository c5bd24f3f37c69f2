import type { Kysely} from 'kysely';
import { sql } from 'kysely';
import type { DoctrineRepository } from '../app/ports.js';
import { doctrineFromRow } from './rows.js';
import type { Database } from './schema.js';

/** Doctrine versions; exactly one is active. */
export function createDoctrineRepository(db: Kysely<Database>): DoctrineRepository {
  return {
    async active() {
      const row = await db.selectFrom('doctrines').selectAll().where('active', '=', 1).orderBy('version', 'desc').executeTakeFirst();
      return row ? doctrineFromRow(row) : null;
    },
    async versions() {
      return (await db.selectFrom('doctrines').selectAll().orderBy('version', 'desc').execute()).map(doctrineFromRow);
    },
    save: (doctrine, options) =>
      db.transaction().execute(async (tx) => {
        const { max } = await tx.selectFrom('doctrines').select(sql<number | null>`max(version)`.as('max')).executeTakeFirstOrThrow();
        const version = Number(max ?? 0) + 1;
        await tx.updateTable('doctrines').set({ active: 0 }).where('active', '=', 1).execute();
        const row = { version, document: JSON.stringify(doctrine), created_at: options.now, note: options.note, active: 1 };
        await tx.insertInto('doctrines').values(row).execute();
        return doctrineFromRow(row);
      }),

  };
}
