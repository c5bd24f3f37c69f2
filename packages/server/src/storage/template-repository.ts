import type { Kysely } from 'kysely';
import type { TemplateRepository } from '../app/scenario-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { templateFromRow, templateToRow } from './scenario-rows.js';
import { templatesTable, type Database } from './schema.js';

const OTHER_LOCALE = { en: 'fr', fr: 'en' } as const;

/** Message templates, one row per (key, locale). */
export function createTemplateRepository(db: Kysely<Database>, dialect: SqlDialect): TemplateRepository {
  const byKey = async (key: string, locale: 'en' | 'fr') => db.selectFrom('templates').selectAll().where('key', '=', key).where('locale', '=', locale).executeTakeFirst();

  return {
    async list() {
      return (await db.selectFrom('templates').selectAll().orderBy('key').orderBy('locale').execute()).map(templateFromRow);
    },
    async get(id) {
      const row = await db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? templateFromRow(row) : null;
    },
    async find(key, locale) {
      const row = (await byKey(key, locale)) ?? (await byKey(key, OTHER_LOCALE[locale]));
      return row ? templateFromRow(row) : null;
    },
    save: (record) =>
      db.transaction().execute(async (tx) => {
        // Concurrent saves of one (key, locale) wait for each other (PostgreSQL advisory lock), so the check holds.
        await dialect.lockKeys(tx as unknown as Kysely<unknown>, [`template-key:${record.key}:${record.locale}`]);
        const holder = await tx.selectFrom('templates').select('id').where('key', '=', record.key).where('locale', '=', record.locale).where('id', '!=', record.id).executeTakeFirst();
        if (holder) return false;
        await tx
          .insertInto('templates')
          .values(templateToRow(record))
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(templatesTable.except('id', 'created_at').map((c) => [c, eb.ref(`excluded.${c}`)])) as never))
          .execute();
        return true;
      }),
    async delete(id) {
      const result = await db.deleteFrom('templates').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
