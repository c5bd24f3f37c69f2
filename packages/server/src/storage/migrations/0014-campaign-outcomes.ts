import { DAY } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import { addTo, BUYING, HORIZONS, MAX_HORIZON, ORDER, within } from '../campaign-outcome-sql.js';
import { asDouble, orderRevenueSql } from '../dialects/order-revenue-sql.js';
import type { EngineName } from '../dialects/sql-dialect.js';

/**
 * The campaign report's outcome (treated against control, issue 15), kept as data arrives so that the report sums a
 * few thousand rows instead of reading every enrolment of the period. `campaign_outcomes` holds, per scenario, group
 * and UTC day of enrolment, how many enrolled and, for each fixed horizon (7, 14, 30, 60, 90 days after enrolling),
 * how many reached each temperature (the goal is picked per scenario at read time, from the doctrine), how many
 * bought, and the revenue's sum and sum of squares (Welch's t). Each enrolment keeps its own orders and revenue per
 * horizon, so a purchase adds (r + x)² − r² to the sum of squares.
 *
 * Row triggers keep it in the writer's transaction, whichever path writes: an enrolment recorded (its facts and its
 * orders already there count at once), a contact's milestones set, moved or cleared (contact_facts), an order
 * inserted, deleted, moved by a merge or rewritten (events, in event time: an order imported late counts for the
 * enrolments whose horizon contains it), an enrolment erased or moved by a merge. Every trigger applies the
 * difference it makes to "the sum over enrolments of their outcome as the tables now say", so the rollup equals a
 * full read of the enrolments after every statement. On SQLite, orders inserted are applied per batch instead
 * (0022, dialects/sqlite-order-outcomes.ts), from the same pieces (campaign-outcome-sql.ts).
 */
const TEMPERATURES = ['cold', 'warm', 'hot', 'client'] as const;
const GOALS = TEMPERATURES.flatMap((t) => HORIZONS.map((h) => `goal_${t}_${h}`));
const COUNTED = ['enrolled', ...GOALS, ...BUYING];
/** Each enrolment's own orders and revenue per horizon. */
const STATE = HORIZONS.flatMap((h) => [`orders_${h}`, `spent_${h}`]);

/**
 * What enrolment `e` (with its stored orders and revenue) and its contact's milestones `f` add to its cell, times
 * `sign`. `from` gives e and f; it ends with a where clause (SQLite needs one before an upsert's on conflict).
 */
function contribution(sign: 1 | -1, from: string, grouped = false): string {
  const values = ['1', ...TEMPERATURES.flatMap((t) => HORIZONS.map((h) => within(`f.${t}_at`, 'e', h))), ...HORIZONS.flatMap((h) => [`(case when e.orders_${h} > 0 then 1 else 0 end)`, `e.spent_${h}`, `e.spent_${h} * e.spent_${h}`])];
  const signed = values.map((v) => (grouped ? `sum(${sign} * ${v})` : `${sign} * ${v}`));
  return addTo(COUNTED, `select e.scenario_id, e.grp, e.entered_at / ${DAY}, ${signed.join(', ')} from ${from}${grouped ? ' group by 1, 2, 3' : ''}`);
}

/** Recounts one enrolment's orders and revenue per horizon from the contact's orders (events by contact and time). */
function recount(engine: EngineName, enrolmentId: string): string {
  const e = 'campaign_enrolments';
  const sums = HORIZONS.flatMap((h) => [`coalesce(sum(${within('v.at', e, h)}), 0)`, `coalesce(sum(${within('v.at', e, h)} * ${orderRevenueSql(engine, 'v.payload')}), 0)`]);
  return `update ${e} set (${STATE.join(', ')}) = (select ${sums.join(', ')} from events v
    where v.contact_id = ${e}.contact_id and v.name = '${ORDER}' and v.at >= ${e}.entered_at and v.at < ${e}.entered_at + ${MAX_HORIZON})
    where ${e}.enrolment_id = ${enrolmentId};`;
}

/** The enrolment as a one-row table from the trigger's old record (the row itself is gone or changed). */
const oldEnrolment = (engine: EngineName) => {
  const cast = (c: string) => (c.startsWith('spent_') ? asDouble(engine, `old.${c}`) : `old.${c}`);
  return `(select old.scenario_id as scenario_id, old.grp as grp, old.entered_at as entered_at, ${STATE.map((c) => `${cast(c)} as ${c}`).join(', ')}) e
    left join contact_facts f on f.contact_id = old.contact_id where true`;
};
const storedEnrolment = `campaign_enrolments e left join contact_facts f on f.contact_id = e.contact_id where e.enrolment_id = new.enrolment_id`;

/** A contact's milestones changed from `before` to `after` (record names or null): each of its enrolments' goals move. */
function milestones(before: string | null, after: string | null, contactId: string): string {
  const at = (record: string | null, t: string) => (record ? `${record}.${t}_at` : 'null');
  const deltas = TEMPERATURES.flatMap((t) => HORIZONS.map((h) => `sum(${within(at(after, t), 'e', h)} - ${within(at(before, t), 'e', h)})`));
  return addTo(GOALS, `select e.scenario_id, e.grp, e.entered_at / ${DAY}, ${deltas.join(', ')} from campaign_enrolments e where e.contact_id = ${contactId} group by 1, 2, 3 order by 1, 2, 3`);
}

/**
 * An order (`record`: new or old) added (sign 1) or taken away (−1): each enrolment of its contact whose horizon holds
 * it gains or loses a purchase, its revenue and the change of its revenue's square; then the enrolment's own counts.
 */
function order(engine: EngineName, record: string, sign: 1 | -1): string[] {
  const x = orderRevenueSql(engine, `${record}.payload`);
  const holds = (e: string) => `where ${e}.contact_id = ${record}.contact_id and ${record}.name = '${ORDER}' and ${record}.at >= ${e}.entered_at and ${record}.at < ${e}.entered_at + ${MAX_HORIZON}`;
  const deltas = HORIZONS.flatMap((h) => {
    const w = within(`${record}.at`, 'e', h);
    return [
      `sum(${w} * ${sign === 1 ? `(case when e.orders_${h} = 0 then 1 else 0 end)` : `(case when e.orders_${h} = 1 then -1 else 0 end)`})`,
      `sum(${w} * ${sign} * ${x})`,
      `sum(${w} * ((e.spent_${h} + ${sign} * ${x}) * (e.spent_${h} + ${sign} * ${x}) - e.spent_${h} * e.spent_${h}))`,
    ];
  });
  const rollup = addTo(BUYING, `select e.scenario_id, e.grp, e.entered_at / ${DAY}, ${deltas.join(', ')} from campaign_enrolments e ${holds('e')} group by 1, 2, 3 order by 1, 2, 3`);
  const e = 'campaign_enrolments';
  const state = HORIZONS.flatMap((h) => [`orders_${h} = orders_${h} + ${sign} * ${within(`${record}.at`, e, h)}`, `spent_${h} = spent_${h} + ${sign} * ${within(`${record}.at`, e, h)} * ${x}`]);
  return [rollup, `update ${e} set ${state.join(', ')} ${holds(e)};`];
}

/** Each trigger: table, event, condition on the row, statements. */
function triggers(engine: EngineName) {
  const changed = (columns: readonly string[]) => columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  const milestoneColumns = TEMPERATURES.map((t) => `${t}_at`);
  return [
    { name: 'campaign_outcomes_enrol', table: 'campaign_enrolments', event: 'insert', when: null, body: [recount(engine, 'new.enrolment_id'), contribution(1, storedEnrolment)] },
    { name: 'campaign_outcomes_unenrol', table: 'campaign_enrolments', event: 'delete', when: null, body: [contribution(-1, oldEnrolment(engine))] },
    {
      name: 'campaign_outcomes_reenrol',
      table: 'campaign_enrolments',
      event: 'update of contact_id, scenario_id, grp, entered_at',
      when: changed(['contact_id', 'scenario_id', 'grp', 'entered_at']),
      body: [contribution(-1, oldEnrolment(engine)), recount(engine, 'new.enrolment_id'), contribution(1, storedEnrolment)],
    },
    { name: 'campaign_outcomes_facts_insert', table: 'contact_facts', event: 'insert', when: milestoneColumns.map((c) => `new.${c} is not null`).join(' or '), body: [milestones(null, 'new', 'new.contact_id')] },
    { name: 'campaign_outcomes_facts_update', table: 'contact_facts', event: `update of ${milestoneColumns.join(', ')}`, when: changed(milestoneColumns), body: [milestones('old', 'new', 'new.contact_id')] },
    { name: 'campaign_outcomes_facts_delete', table: 'contact_facts', event: 'delete', when: milestoneColumns.map((c) => `old.${c} is not null`).join(' or '), body: [milestones('old', null, 'old.contact_id')] },
    { name: 'campaign_outcomes_order', table: 'events', event: 'insert', when: `new.name = '${ORDER}'`, body: order(engine, 'new', 1) },
    { name: 'campaign_outcomes_order_delete', table: 'events', event: 'delete', when: `old.name = '${ORDER}'`, body: order(engine, 'old', -1) },
    {
      name: 'campaign_outcomes_order_update',
      table: 'events',
      event: 'update of contact_id, name, at, payload',
      when: `(old.name = '${ORDER}' or new.name = '${ORDER}') and (${changed(['contact_id', 'name', 'at', 'payload'])})`,
      body: [...order(engine, 'old', -1), ...order(engine, 'new', 1)],
    },
  ];
}

async function createTable(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('campaign_outcomes')
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull());
  for (const column of COUNTED) table = table.addColumn(column, column.startsWith('revenue') ? 'double precision' : 'bigint', (c) => c.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('campaign_outcomes_pkey', ['scenario_id', 'grp', 'day']).execute();
  await db.schema.createIndex('campaign_outcomes_day').on('campaign_outcomes').column('day').execute();
  for (const column of STATE) await db.schema.alterTable('campaign_enrolments').addColumn(column, column.startsWith('spent_') ? 'double precision' : 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // Stores that applied an early 0012 lack it; the triggers find a contact's enrolments through it.
  await db.schema.createIndex('campaign_enrolments_contact').ifNotExists().on('campaign_enrolments').column('contact_id').execute();
}

/** Enrolments recorded before this migration: their orders recounted, then every one added to its cell. */
async function backfill(db: Kysely<unknown>, engine: EngineName): Promise<void> {
  await sql.raw(recount(engine, 'campaign_enrolments.enrolment_id')).execute(db);
  const grouped = contribution(1, 'campaign_enrolments e left join contact_facts f on f.contact_id = e.contact_id where true', true);
  await sql.raw(grouped).execute(db);
}

export const up = {
  sqlite: async (db: Kysely<unknown>) => {
    await createTable(db);
    await backfill(db, 'sqlite');
    for (const t of triggers('sqlite')) {
      await sql.raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row ${t.when ? `when ${t.when}` : ''} begin ${t.body.join('\n')} end`).execute(db);
    }
  },
  postgres: async (db: Kysely<unknown>) => {
    await createTable(db);
    await backfill(db, 'postgres');
    for (const t of triggers('postgres')) {
      await sql.raw(`create or replace function ${t.name}() returns trigger language plpgsql as $$ begin ${t.body.join('\n')} return null; end $$`).execute(db);
      await sql.raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row ${t.when ? `when (${t.when})` : ''} execute function ${t.name}()`).execute(db);
    }
  },
};

