import { addTimings, DAY, dayOf, NO_VALUE, STEPS, TEMPERATURES, type GroupBy, type StepKey, type Temperature, type TunnelInput } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { Period, ReportRepository } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { factsFrom, groupExpression, inPeriod, n, reachedOf, wideScan } from './facts-query.js';
import { HELD_COLUMN_NAMES, HELD_COLUMNS, type HeldColumn } from './held-columns.js';
import { ROLLUP_DIMS, ROLLUP_SEPARATOR } from './rollup-dims.js';
import type { Database } from './schema.js';

type TunnelReads = Pick<ReportRepository, 'tunnelInputs' | 'channelCounts'>;

/** One group's counts, from the rollup or from a grouped scan of the facts. */
interface GroupCounts {
  readonly group: string;
  readonly contacts: number;
  readonly reached: Record<Temperature, number>;
  readonly held: Record<Temperature, number>;
  readonly through: Record<StepKey, number>;
  readonly revenue: number;
  readonly firstSeenMin: number | null;
  readonly firstSeenMax: number | null;
}

/** Contacts, those who reached each temperature, and revenue, as aggregates of facts rows. */
const stageCounts = () => [
  sql<number>`count(*)`.as('contacts'),
  sql<number>`count(cold_at)`.as('cold'),
  sql<number>`count(warm_at)`.as('warm'),
  sql<number>`count(hot_at)`.as('hot'),
  sql<number>`count(client_at)`.as('client'),
  ...HELD_COLUMN_NAMES.map((c) => sql<number>`coalesce(sum(case when ${sql.raw(HELD_COLUMNS[c](''))} then 1 else 0 end), 0)`.as(c)),
  sql<number>`coalesce(sum(revenue), 0)`.as('revenue'),
];
const isTrait = (by: GroupBy) => by.startsWith('trait:');
const keyOf = (value: unknown) => (value === null || value === '' ? NO_VALUE : String(value));
type CountedRow = { contacts: unknown; cold: unknown; warm: unknown; hot: unknown; client: unknown; revenue: unknown } & Record<HeldColumn, unknown>;
const counted = (row: CountedRow) => ({
  contacts: Number(row.contacts),
  reached: { cold: Number(row.cold), warm: Number(row.warm), hot: Number(row.hot), client: Number(row.client) },
  held: { cold: Number(row.held_cold), warm: Number(row.held_warm), hot: Number(row.held_hot), client: Number(row.client) },
  through: { 'entry-cold': Number(row.held_cold), 'cold-warm': Number(row.cold_warm), 'warm-hot': Number(row.warm_hot), 'hot-client': Number(row.hot_client), 'entry-client': Number(row.client) },
  revenue: Number(row.revenue),
});
const sumRecords = <K extends string>(a: Record<K, number>, b: Record<K, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as K] + b[k as K]])) as Record<K, number>;
/** Two partial counts of one group as one. */
const addCounts = (known: GroupCounts, c: ReturnType<typeof counted>, firstSeenMin: number, firstSeenMax: number): GroupCounts => ({
  ...known,
  contacts: known.contacts + c.contacts,
  revenue: known.revenue + c.revenue,
  reached: sumRecords(known.reached, c.reached),
  held: sumRecords(known.held, c.held),
  through: sumRecords(known.through, c.through),
  firstSeenMin: Math.min(known.firstSeenMin!, firstSeenMin),
  firstSeenMax: Math.max(known.firstSeenMax!, firstSeenMax),
});

/** The rollup answers whole UTC days; a period cut inside a day is counted from the facts themselves. */
const wholeDays = (period: Period) => (period.from ?? 0) % DAY === 0 && (period.to ?? 0) % DAY === 0;
const rollupDim = (by: GroupBy): keyof typeof ROLLUP_DIMS | null => (by === 'cohort' ? 'none' : by in ROLLUP_DIMS ? (by as keyof typeof ROLLUP_DIMS) : null);

/** The tunnel's and the cost report's counts: from the rollup kept by triggers when it can, else a grouped scan. */
export function createTunnelReads(db: Kysely<Database>, dialect: SqlDialect): TunnelReads {
  function rollupCells(dim: string, period: Period) {
    let query = db
      .selectFrom('facts_rollup')
      .select([
        sql<number>`sum(contacts)`.as('contacts'),
        sql<number>`sum(cold)`.as('cold'),
        sql<number>`sum(warm)`.as('warm'),
        sql<number>`sum(hot)`.as('hot'),
        sql<number>`sum(client)`.as('client'),
        ...HELD_COLUMN_NAMES.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)),
        sql<number>`sum(revenue)`.as('revenue'),
        sql<number | null>`min(case when contacts > 0 then day end)`.as('day_min'),
        sql<number | null>`max(case when contacts > 0 then day end)`.as('day_max'),
      ])
      .where('dim', '=', dim);
    if (period.from !== undefined) query = query.where('day', '>=', period.from / DAY);
    if (period.to !== undefined) query = query.where('day', '<', period.to / DAY);
    return query;
  }

  async function countsFromRollup(by: GroupBy, dim: string, period: Period): Promise<GroupCounts[]> {
    const day = (d: unknown) => (d === null ? null : Number(d) * DAY);
    if (by === 'cohort') {
      // Cohorts are months of first contact: the ungrouped cells by day, summed by month.
      const cells = await rollupCells(dim, period).select('day').groupBy('day').execute();
      const months = new Map<string, GroupCounts>();
      for (const cell of cells) {
        if (Number(cell.contacts) === 0) continue;
        const month = new Date(Number(cell.day) * DAY).toISOString().slice(0, 7);
        const c = counted(cell);
        const known = months.get(month);
        months.set(month, known ? addCounts(known, c, day(cell.day)!, day(cell.day)!) : { group: month, ...c, firstSeenMin: day(cell.day), firstSeenMax: day(cell.day) });
      }
      return [...months.values()];
    }
    const cells = await rollupCells(dim, period).select('value').groupBy('value').having(sql`sum(contacts)`, '>', 0).execute();
    return cells.map((cell) => ({ group: by === 'none' ? 'all' : keyOf(cell.value), ...counted(cell), firstSeenMin: day(cell.day_min), firstSeenMax: day(cell.day_max) }));
  }

  async function countsFromFacts(by: GroupBy, period: Period): Promise<GroupCounts[]> {
    const rows = await factsFrom(db, isTrait(by))
      .select([
        groupExpression(by, dialect).as('grp'),
        ...stageCounts(),
        sql<number | null>`min(first_seen_at)`.as('first_min'),
        sql<number | null>`max(first_seen_at)`.as('first_max'),
      ])
      .where(inPeriod(period, await wideScan(db, dialect, period)))
      // By position: a bound parameter in the grouping expression would differ from the selected one for PostgreSQL.
      .groupBy(sql`1`)
      .execute();
    const merged = new Map<string, GroupCounts>();
    for (const row of rows) {
      // NULL and '' are one group ("(none)") for the reports.
      const group = keyOf(row.grp);
      const c = counted(row);
      const known = merged.get(group);
      merged.set(group, known ? addCounts(known, c, dayOf(n(row.first_min))!, dayOf(n(row.first_max))!) : { group, ...c, firstSeenMin: dayOf(n(row.first_min)), firstSeenMax: dayOf(n(row.first_max)) });
    }
    return [...merged.values()];
  }

  /** Per campaign, the lowest first-touch source and medium it ran on. */
  async function campaignChannels(period: Period): Promise<Map<string, { source: string | null; medium: string | null }>> {
    const channels = new Map<string, { source: string | null; medium: string | null }>();
    for (const field of ['source', 'medium'] as const) {
      for (const row of await channelCells(period, field)) {
        const campaign = keyOf(row.campaign);
        const entry = channels.get(campaign) ?? { source: null, medium: null };
        const value = row.channel === NO_VALUE ? null : row.channel;
        if (value !== null && (entry[field] === null || value < entry[field]!)) entry[field] = value;
        channels.set(campaign, entry);
      }
    }
    return channels;
  }

  /** Contacts by (channel, campaign): the compound rollup cells, or a grouped scan. */
  async function channelCells(period: Period, field: 'source' | 'medium') {
    if (wholeDays(period)) {
      const cells = await rollupCells(`${field}+campaign`, period).select('value').groupBy('value').having(sql`sum(contacts)`, '>', 0).execute();
      return cells.map((cell) => {
        const [channel, campaign] = cell.value.split(ROLLUP_SEPARATOR) as [string, string];
        return { channel: keyOf(channel), campaign: campaign === '' ? null : campaign, ...counted(cell) };
      });
    }
    const rows = await db
      .selectFrom('contact_facts')
      .select([
        field === 'source' ? 'first_source as channel' : 'first_medium as channel',
        'first_campaign as campaign',
        ...stageCounts(),
      ])
      .where(inPeriod(period, await wideScan(db, dialect, period)))
      .groupBy(sql`1, 2`)
      .execute();
    return rows.map((r) => ({ channel: keyOf(r.channel), campaign: r.campaign === '' ? null : r.campaign, ...counted(r) }));
  }

  return {
    channelCounts: channelCells,

    async tunnelInputs(period, by, maxDurations) {
      const dim = rollupDim(by);
      const [counts, first] = await Promise.all([
        dim !== null && wholeDays(period) ? countsFromRollup(by, dim, period) : countsFromFacts(by, period),
        // The earliest conversion, from the low end of the client_at index.
        db.selectFrom('contact_facts').select('client_at').where(inPeriod(period)).where('client_at', 'is not', null).orderBy('client_at').limit(1).executeTakeFirst(),
      ]);
      const channels = by === 'campaign' ? await campaignChannels(period) : null;

      const withSteps = counts.reduce((sum, c) => sum + c.reached.cold + c.reached.client, 0);
      const sampledOneIn = Math.max(1, Math.ceil(withSteps / maxDurations));
      const timed = await factsFrom(db, isTrait(by))
        .select([groupExpression(by, dialect).as('grp'), 'first_seen_at', 'cold_at', 'warm_at', 'hot_at', 'client_at'])
        .where(inPeriod(period))
        .where((eb) => eb.or([eb('cold_at', 'is not', null), eb('client_at', 'is not', null)]))
        .where(dialect.sampleFactsOneIn(sampledOneIn))
        .execute();
      const emptyTimings = () => ({
        durations: Object.fromEntries(STEPS.map((s) => [s.key, [] as number[]])) as Record<StepKey, number[]>,
        timeTo: Object.fromEntries(TEMPERATURES.map((t) => [t, [] as number[]])) as Record<Temperature, number[]>,
      });
      const timings = new Map<string, ReturnType<typeof emptyTimings>>();
      for (const row of timed) {
        const key = by === 'none' ? 'all' : keyOf(row.grp);
        let lists = timings.get(key);
        if (!lists) timings.set(key, (lists = emptyTimings()));
        addTimings({ firstSeenAt: n(row.first_seen_at), reachedAt: reachedOf(row) }, lists.durations, lists.timeTo);
      }
      const inputs = counts.map((c): TunnelInput => ({
        ...c,
        ...(timings.get(c.group) ?? emptyTimings()),
        source: channels?.get(c.group)?.source ?? null,
        medium: channels?.get(c.group)?.medium ?? null,
      }));
      return { inputs, sampledOneIn, coverageStart: n(first?.client_at) };
    },
  };
}
