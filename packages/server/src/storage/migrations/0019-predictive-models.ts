import type { Kysely } from 'kysely';

/**
 * The predictive score (issue 17). `predictive_models` holds every training run: its progress while it runs, then the
 * published model (its JSON carries the feature spec and the model card) or the reason it was refused. At most one
 * row is 'published' at a time; an earlier one becomes 'retired'. `contacts.predicted` is the published model's
 * probability of a purchase within its horizon, as of the contact's last evaluation: what lists sort by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('predictive_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('horizon_days', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('model', 'text')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('predictive_models_status').on('predictive_models').columns(['status', 'requested_at']).execute();
  await db.schema.alterTable('contacts').addColumn('predicted', 'double precision').execute();
}
