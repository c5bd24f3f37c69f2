import { CAMPAIGN_HORIZON_DAYS, DAY, STANDARD_EVENTS } from '@leadpulse/core';

/**
 * The pieces of SQL that keep `campaign_outcomes` (migration 0014's triggers, and SQLite's per-batch statement for
 * inserted orders: dialects/sqlite-order-outcomes.ts), written once for both engines.
 */
export const HORIZONS = CAMPAIGN_HORIZON_DAYS;
export const MAX_HORIZON = Math.max(...HORIZONS) * DAY;
export const ORDER = STANDARD_EVENTS.orderCompleted;
/** The buying columns of a cell: per horizon, buyers, revenue and revenue squared. */
export const BUYING = HORIZONS.flatMap((h) => [`purchased_${h}`, `revenue_${h}`, `revenue_sq_${h}`]);

/** 1 when instant `at` falls within horizon h after enrolment `e` entered, else 0 (null instants: 0). */
export const within = (at: string, e: string, h: number) => `(case when ${at} >= ${e}.entered_at and ${at} < ${e}.entered_at + ${h * DAY} then 1 else 0 end)`;

/** The upsert into an enrolment day's cell, adding `values` (one per column of `columns`) from `source`. */
export const addTo = (columns: readonly string[], select: string) => `insert into campaign_outcomes (scenario_id, grp, day, ${columns.join(', ')})
  ${select}
  on conflict (scenario_id, grp, day) do update set ${columns.map((c) => `${c} = campaign_outcomes.${c} + excluded.${c}`).join(', ')};`;
