import { DAY } from '@leadpulse/core';
import type Database from 'better-sqlite3';
import { addTo, BUYING, HORIZONS, MAX_HORIZON, ORDER, within } from '../campaign-outcome-sql.js';
import { orderRevenueSql } from './order-revenue-sql.js';

/**
 * The campaign outcome of orders appended to the log, one statement per batch (SQLite). Migration 0014 keeps
 * `campaign_outcomes` with a row trigger on events; SQLite runs a trigger's program for every row inserted only to
 * test its WHEN clause, which cost an import about 8 µs per event (docs/PERFORMANCE.md), so 0022 drops the insert
 * trigger on SQLite and the events' bulk insert calls this instead. PostgreSQL keeps the trigger.
 *
 * Several orders of one batch may fall in one enrolment's horizon: each enrolment's orders (n) and revenue (x) per
 * horizon are summed first, so that it becomes a buyer once and its revenue's square moves by (s + x)² − s², as the
 * trigger's order-by-order updates give.
 */
export function createSqliteOrderOutcomes(database: Database.Database): (orderIds: readonly string[]) => void {
  let statements: [Database.Statement, Database.Statement] | undefined;
  return (orderIds) => {
    if (orderIds.length === 0) return;
    statements ??= [database.prepare(rollup), database.prepare(enrolments)];
    const ids = JSON.stringify(orderIds);
    for (const statement of statements) statement.run(ids);
  };
}

const e = 'e';
const perEnrolment = HORIZONS.flatMap((h) => [`sum(${within('o.at', e, h)}) as n_${h}`, `sum(${within('o.at', e, h)} * o.x) as x_${h}`]);
/** The batch's orders (a JSON array of event ids) and each enrolment they fall in, with its stored counts. */
const batch = `with o as (select contact_id, at, ${orderRevenueSql('sqlite', 'payload')} as x from events where id in (select value from json_each(?)) and name = '${ORDER}'),
  d as (select e.enrolment_id, e.scenario_id, e.grp, e.entered_at, ${HORIZONS.flatMap((h) => [`e.orders_${h}`, `e.spent_${h}`]).join(', ')}, ${perEnrolment.join(', ')}
    from o join campaign_enrolments e on e.contact_id = o.contact_id and o.at >= e.entered_at and o.at < e.entered_at + ${MAX_HORIZON}
    group by e.enrolment_id)`;

const rollup = `${batch} ${addTo(
  BUYING,
  `select scenario_id, grp, entered_at / ${DAY}, ${HORIZONS.flatMap((h) => [
    `sum(case when orders_${h} = 0 and n_${h} > 0 then 1 else 0 end)`,
    `sum(x_${h})`,
    `sum((spent_${h} + x_${h}) * (spent_${h} + x_${h}) - spent_${h} * spent_${h})`,
  ]).join(', ')} from d where true group by 1, 2, 3 order by 1, 2, 3`,
)}`;

const enrolments = `${batch} update campaign_enrolments set ${HORIZONS.flatMap((h) => [`orders_${h} = d.orders_${h} + d.n_${h}`, `spent_${h} = d.spent_${h} + d.x_${h}`]).join(', ')}
  from d where campaign_enrolments.enrolment_id = d.enrolment_id`;
