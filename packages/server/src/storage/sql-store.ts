import { Kysely, sql } from 'kysely';
import type { Store } from '../app/ports.js';
import { createAudienceRepository } from './audience-repository.js';
import { createContactRepository } from './contact-repository.js';
import { createModelRepository } from './model-repository.js';
import { createConversionRepository } from './conversion-repository.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { deferIndexes, restoreDeferredIndexes } from './deferred-indexes.js';
import { createDoctrineRepository } from './doctrine-repository.js';
import { createEmailFeedbackRepository } from './email-feedback-repository.js';
import { createEnrolmentRepository } from './enrolment-repository.js';
import { createEventRepository } from './event-repository.js';
import { createKeyRepository } from './key-repository.js';
import { migrate, migrationsApplied } from './migrations/migrate.js';
import type { Database } from './schema.js';
import { createReportStore } from './report-store.js';
import { createReportReader } from './report-reader.js';
import { createScenarioRepository } from './scenario-repository.js';
import { createSegmentQueries } from './segment-queries.js';
import { createSegmentRepository } from './segment-repository.js';
import { createSendRepository } from './send-repository.js';
import { createStoreTx, identitiesOf } from './store-tx.js';
import { createSuppressionRepository } from './suppression-repository.js';
import { createSegmentMembershipRepository } from './segment-membership-writes.js';
import { createTaskRepository } from './task-repository.js';
import { createTemplateRepository } from './template-repository.js';
import { createUserRepository } from './user-repository.js';

/** The Store on one Kysely instance: its repositories, each in its own file, written once for both engines. */
export function createSqlStore(dialect: SqlDialect): Store {
  const db = new Kysely<Database>({ dialect: dialect.kysely });
  // An embedded file's reports run in a worker thread; PostgreSQL runs them in its own processes already.
  const reportReader = dialect.file ? createReportReader(dialect.file) : null;
  const reports = createReportStore(db, dialect);

  const store: Store = {
    capabilities: dialect.capabilities,
    async migrate() {
      await migrate(db, Date.now(), dialect.engine, (tx) => dialect.lockKeys(tx, ['leadpulse:migrate']));
      await restoreDeferredIndexes(db);
    },
    lock: (name) => dialect.holdLock(`leadpulse:${name}`),
    deferIndexes: () => deferIndexes(db, dialect, Date.now()),
    async restoreIndexes() {
      await restoreDeferredIndexes(db);
    },
    async isReady() {
      try {
        await sql`select 1`.execute(db);
        return await migrationsApplied(db);
      } catch {
        return false;
      }
    },
    // Kysely's destroy closes the SQLite handle or ends the PostgreSQL pool.
    async close() {
      await reportReader?.close();
      await db.destroy();
    },
    transaction: (fn) => db.transaction().execute((tx) => fn(createStoreTx(tx, dialect))),
    contacts: createContactRepository(db, dialect),
    identities: { of: (ids) => identitiesOf(db, dialect, ids) },
    events: createEventRepository(db, dialect),
    doctrines: createDoctrineRepository(db),
    keys: createKeyRepository(db),
    users: createUserRepository(db, dialect),
    reports: { ...reports, ...(reportReader ? reportReader.reads : {}) },
    privacy: {
      eraseContact: (id) => db.transaction().execute(async (tx) => (await createStoreTx(tx, dialect).eraseContacts([id])).length > 0),
      purgeErased: (values) => dialect.purgeDeleted(db as unknown as Kysely<unknown>, values),
    },
    scenarios: createScenarioRepository(db, dialect),
    templates: createTemplateRepository(db, dialect),
    enrolments: createEnrolmentRepository(db),
    sends: createSendRepository(db, dialect),
    tasks: createTaskRepository(db),
    emailFeedback: createEmailFeedbackRepository(db),
    suppressions: createSuppressionRepository(db, dialect),
    segments: createSegmentRepository(db, dialect),
    segmentQueries: createSegmentQueries(db, dialect),
    segmentMembership: createSegmentMembershipRepository(db),
    audiences: createAudienceRepository(db, dialect),
    conversions: createConversionRepository(db, dialect),
    models: createModelRepository(db),
    settings: {
      async get(key) {
        return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
      },
      async set(key, value) {
        await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
      },
    },
  };
  return store;
}
