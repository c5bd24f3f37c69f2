import { CAMPAIGN_COUNTERS, DAY } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';

/**
 * The campaign report's counts (issue 15), kept as sends arrive so that the report reads a few thousand rollup rows,
 * never a million sends. `campaign_stats` counts, per scenario, step, template, A/B variant, group and UTC day the
 * send was decided, the sends that reached each point (core's countersReached: engagement implies the points before
 * it). Triggers keep it, in the transaction of the send's insert or status change, whichever code path writes the
 * send (the outbox, engagement, bounces, consent, an erase): no writer can forget it. `campaign_enrolments` holds each
 * enrolment's group, written with its first step, for the outcome of treated against control.
 */
const ENGAGEMENT = ['queued', 'sent', 'delivered', 'opened', 'clicked'];
const ENDINGS = ['bounced', 'complained', 'unsubscribed', 'failed', 'suppressed'];
const rank = (status: string) => `(case ${status} ${ENGAGEMENT.map((s, i) => `when '${s}' then ${i}`).join(' ')} else -1 end)`;
const flag = (condition: string) => `(case when ${condition} then 1 else 0 end)`;

/** What each counter adds for a change from `old` (on insert: from queued) to `new`, mirroring countersReached. */
function increments(inserted: boolean): string[] {
  const was = inserted ? '0' : rank('old.status');
  return CAMPAIGN_COUNTERS.map((counter) => {
    if (counter === 'decided') return inserted ? '1' : '0';
    if (ENDINGS.includes(counter)) return inserted ? flag(`new.status = '${counter}'`) : flag(`new.status = '${counter}' and old.status <> '${counter}'`);
    const at = ENGAGEMENT.indexOf(counter);
    return flag(`${was} >= 0 and ${was} < ${at} and ${rank('new.status')} >= ${at}`);
  });
}

/** One upsert into the send's cell; `json` reads a top-level field of the payload in the engine's dialect. */
function upsert(inserted: boolean, json: (key: string) => string): string {
  const key = [`new.scenario_id`, `coalesce(new.step_id, '')`, `coalesce(${json('template')}, '')`, `coalesce(${json('variant')}, '')`, `coalesce(${json('group')}, 'treated')`, `new.created_at / ${DAY}`];
  return `insert into campaign_stats (scenario_id, step_id, template, variant, grp, day, ${CAMPAIGN_COUNTERS.join(', ')})
    values (${key.join(', ')}, ${increments(inserted).join(', ')})
    on conflict (scenario_id, step_id, template, variant, grp, day) do update set ${CAMPAIGN_COUNTERS.map((c) => `${c} = campaign_stats.${c} + excluded.${c}`).join(', ')};`;
}

async function createTables(db: Kysely<unknown>): Promise<void> {
  let stats = db.schema
    .createTable('campaign_stats')
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull());
  for (const counter of CAMPAIGN_COUNTERS) stats = stats.addColumn(counter, 'bigint', (c) => c.notNull().defaultTo(0));
  await stats.addPrimaryKeyConstraint('campaign_stats_pkey', ['scenario_id', 'step_id', 'template', 'variant', 'grp', 'day']).execute();
  // The report sums a period's days, whatever the scenario.
  await db.schema.createIndex('campaign_stats_day').on('campaign_stats').column('day').execute();

  await db.schema
    .createTable('campaign_enrolments')
    .addColumn('enrolment_id', 'text', (c) => c.primaryKey())
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .execute();
  // The period's enrolments, read from this index alone up to the join with the contact's facts.
  await db.schema.createIndex('campaign_enrolments_entered').on('campaign_enrolments').columns(['entered_at', 'scenario_id', 'grp', 'contact_id']).execute();
  // A contact's rows: an erase deletes them, a merge moves them to the surviving contact.
  await db.schema.createIndex('campaign_enrolments_contact').on('campaign_enrolments').column('contact_id').execute();

}

/** Sends decided before this migration are counted once from the table, as the triggers would have counted them. */
async function backfill(db: Kysely<unknown>, json: (key: string) => string): Promise<void> {
  const reached = (counter: string) => {
    if (counter === 'decided') return 'count(*)';
    if (ENDINGS.includes(counter)) return `sum(${flag(`status = '${counter}'`)})`;
    return `sum(${flag(`${rank('status')} >= ${ENGAGEMENT.indexOf(counter)}`)})`;
  };
  const key = [`scenario_id`, `coalesce(step_id, '')`, `coalesce(${json('template')}, '')`, `coalesce(${json('variant')}, '')`, `coalesce(${json('group')}, 'treated')`, `created_at / ${DAY}`];
  await sql
    .raw(`insert into campaign_stats (scenario_id, step_id, template, variant, grp, day, ${CAMPAIGN_COUNTERS.join(', ')})
      select ${key.join(', ')}, ${CAMPAIGN_COUNTERS.map(reached).join(', ')} from sends where scenario_id is not null group by ${key.map((_, i) => i + 1).join(', ')}`)
    .execute(db);
}

export const up = {
  sqlite: async (db: Kysely<unknown>) => {
    await createTables(db);
    await backfill(db, (key) => `json_extract(payload, '$.${key}')`);
    const json = (key: string) => `json_extract(new.payload, '$.${key}')`;
    await sql.raw(`create trigger campaign_stats_insert after insert on sends when new.scenario_id is not null begin ${upsert(true, json)} end`).execute(db);
    await sql.raw(`create trigger campaign_stats_update after update of status on sends when new.scenario_id is not null and old.status <> new.status begin ${upsert(false, json)} end`).execute(db);
  },
  postgres: async (db: Kysely<unknown>) => {
    await createTables(db);
    await backfill(db, (key) => `(payload::jsonb ->> '${key}')`);
    const json = (key: string) => `(new.payload::jsonb ->> '${key}')`;
    const fn = (name: string, body: string) => sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
    await fn('campaign_stats_on_insert', upsert(true, json));
    await fn('campaign_stats_on_update', upsert(false, json));
    await sql.raw(`create trigger campaign_stats_insert after insert on sends for each row when (new.scenario_id is not null) execute function campaign_stats_on_insert()`).execute(db);
    await sql.raw(`create trigger campaign_stats_update after update of status on sends for each row when (new.scenario_id is not null and old.status is distinct from new.status) execute function campaign_stats_on_update()`).execute(db);
  },
};
