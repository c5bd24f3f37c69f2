import { NO_VALUE } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { ReportRepository } from '../app/ports.js';
import { inPeriod } from './facts-query.js';
import type { Database } from './schema.js';

const channelOf = (value: unknown) => (value === null || value === undefined || value === '' ? NO_VALUE : String(value));

/**
 * The cost report's heavy read by segment: one grouped join of the members of the given segments with their facts,
 * restricted to contacts first seen in the period, counted by segment and first-touch channel. The core attributes
 * the costs from these few rows (buildSegmentCostReport).
 */
export function createCostSegmentReads(db: Kysely<Database>): Pick<ReportRepository, 'segmentChannelCounts'> {
  return {
    async segmentChannelCounts(period, field, segmentIds) {
      if (segmentIds.length === 0) return [];
      const channel = field === 'source' ? sql.ref<string | null>('contact_facts.first_source') : sql.ref<string | null>('contact_facts.first_medium');
      const rows = await db
        .selectFrom('segment_members')
        .innerJoin('contact_facts', 'contact_facts.contact_id', 'segment_members.contact_id')
        .select([
          'segment_members.segment_id as segment_id',
          channel.as('channel'),
          sql<number>`count(*)`.as('contacts'),
          sql<number>`count(contact_facts.cold_at)`.as('cold'),
          sql<number>`count(contact_facts.warm_at)`.as('warm'),
          sql<number>`count(contact_facts.hot_at)`.as('hot'),
          sql<number>`count(contact_facts.client_at)`.as('client'),
          sql<number>`coalesce(sum(contact_facts.revenue), 0)`.as('revenue'),
        ])
        .where('segment_members.segment_id', 'in', segmentIds)
        .where(inPeriod(period))
        // By position, as the other grouped reads: the same expression bound twice would differ for PostgreSQL.
        .groupBy(sql`1, 2`)
        .execute();
      // NULL and '' are one channel ("(none)"), as in the channel counts.
      const merged = new Map<string, { segmentId: string; channel: string; contacts: number; reached: { cold: number; warm: number; hot: number; client: number }; revenue: number }>();
      for (const r of rows) {
        const key = `${r.segment_id}\u0000${channelOf(r.channel)}`;
        const entry = merged.get(key) ?? { segmentId: r.segment_id, channel: channelOf(r.channel), contacts: 0, reached: { cold: 0, warm: 0, hot: 0, client: 0 }, revenue: 0 };
        entry.contacts += Number(r.contacts);
        entry.reached.cold += Number(r.cold);
        entry.reached.warm += Number(r.warm);
        entry.reached.hot += Number(r.hot);
        entry.reached.client += Number(r.client);
        entry.revenue += Number(r.revenue);
        merged.set(key, entry);
      }
      return [...merged.values()];
    },
  };
}
