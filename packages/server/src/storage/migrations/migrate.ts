import { sql, type Kysely } from 'kysely';
import type { EngineName } from '../dialects/sql-dialect.js';
import type { Database } from '../schema.js';
import * as init from './0001-init.js';
import * as contactFacts from './0002-contact-facts.js';
import * as users from './0003-users.js';
import * as factsRollup from './0004-facts-rollup.js';
import * as contactDetails from './0005-contact-details.js';
import * as reportIndexes from './0006-report-indexes.js';
import * as erasedKeys from './0007-erased-keys.js';
import * as rollupHeld from './0008-rollup-held.js';
import * as scenarios from './0009-scenarios.js';
import * as rollupStatementTriggers from './0010-rollup-statement-triggers.js';
import * as suppressions from './0011-suppressions.js';
import * as campaignStats from './0012-campaign-stats.js';
import * as emailFeedback from './0013-email-feedback.js';
import * as campaignOutcomes from './0014-campaign-outcomes.js';
import * as segments from './0015-segments.js';
import * as audiences from './0016-audiences.js';
import * as conversions from './0017-conversions.js';
import * as costSegments from './0018-cost-segments.js';
import * as predictiveModels from './0019-predictive-models.js';
import * as lastSeenDay from './0020-last-seen-day.js';
import * as deferredIndexes from './0021-deferred-indexes.js';
import * as batchOrderOutcomes from './0022-batch-order-outcomes.js';

type Step = (db: Kysely<unknown>) => Promise<void>;

/**
 * Numbered migrations, applied in order, each recorded in `leadpulse_migrations`. Most are written once with Kysely's
 * schema builder; where an engine needs its own DDL, a migration pairs one step per engine.
 */
export const MIGRATIONS: readonly { id: string; up: Step | Readonly<Record<EngineName, Step>> }[] = [
  { id: '0001-init', up: init.up },
  { id: '0002-contact-facts', up: contactFacts.up },
  { id: '0003-users', up: users.up },
  { id: '0004-facts-rollup', up: factsRollup.up },
  { id: '0005-contact-details', up: contactDetails.up },
  { id: '0006-report-indexes', up: reportIndexes.up },
  { id: '0007-erased-keys', up: erasedKeys.up },
  { id: '0008-rollup-held', up: rollupHeld.up },
  { id: '0009-scenarios', up: scenarios.up },
  { id: '0010-rollup-statement-triggers', up: rollupStatementTriggers.up },
  { id: '0011-suppressions', up: suppressions.up },
  { id: '0012-campaign-stats', up: campaignStats.up },
  { id: '0013-email-feedback', up: emailFeedback.up },
  { id: '0014-campaign-outcomes', up: campaignOutcomes.up },
  { id: '0015-segments', up: segments.up },
  { id: '0016-audiences', up: audiences.up },
  { id: '0017-conversions', up: conversions.up },
  { id: '0018-cost-segments', up: costSegments.up },
  { id: '0019-predictive-models', up: predictiveModels.up },
  { id: '0020-last-seen-day', up: lastSeenDay.up },
  { id: '0021-deferred-indexes', up: deferredIndexes.up },
  { id: '0022-batch-order-outcomes', up: batchOrderOutcomes.up },
];

/**
 * Applies the migrations not yet applied, in one transaction. Processes that start together on one database (two
 * `api` and a `worker`, a rolling deploy) take turns: `lock` (a PostgreSQL advisory lock) is held from before the
 * bookkeeping table is created until the commit, so the second process finds the work done instead of failing on
 * tables the first one is creating.
 */
export async function migrate(db: Kysely<Database>, now: number, engine: EngineName, lock: (tx: Kysely<unknown>) => Promise<void>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lock(tx as unknown as Kysely<unknown>);
    await tx.schema
      .createTable('leadpulse_migrations')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const applied = new Set((await tx.selectFrom('leadpulse_migrations').select('id').execute()).map((r) => r.id));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      const step = typeof migration.up === 'function' ? migration.up : migration.up[engine];
      await step(tx as unknown as Kysely<unknown>);
      await tx.insertInto('leadpulse_migrations').values({ id: migration.id, applied_at: now }).execute();
    }
  });
}

export async function migrationsApplied(db: Kysely<Database>): Promise<boolean> {
  try {
    const { count } = await db.selectFrom('leadpulse_migrations').select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
    return Number(count) >= MIGRATIONS.length;
  } catch {
    return false;
  }
}
