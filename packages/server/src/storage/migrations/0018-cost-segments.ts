import type { Kysely } from 'kysely';

/**
 * A cost line may be assigned to a segment (issue 16): field prospecting aimed at one target group (a salesperson
 * covering Lyon's 30–45-year-olds) counts for that segment alone in the cost report by segment, instead of being
 * shared among segments by channel. Null for a line of the whole channel. No index: the cost lines are few and read
 * whole for a period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cost_lines').addColumn('segment_id', 'text').execute();
}
