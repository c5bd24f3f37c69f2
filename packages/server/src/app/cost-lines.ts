import { CostLineInputSchema } from '@leadpulse/contract';
import { err, issuesFromZod, ok, type CostLine, type DomainError, type EpochMs, type Issue, type Result } from '@leadpulse/core';
import { newId } from './new-id.js';
import type { Clock, Store } from './ports.js';

/**
 * The cost lines: what a channel, a campaign or field prospecting cost over a period, optionally spent on one segment
 * (`segmentId`, given as the segment's id or key and stored as its id). Every line of a request is checked before any
 * is stored, and each issue names its line.
 */
export function createCostLines(deps: { store: Pick<Store, 'reports'>; clock: Clock }) {
  const now = () => deps.clock.now().getTime();

  /** The lines as stored, or the issues of every bad line (paths under `prefix(index)`). */
  async function parse(inputs: readonly unknown[], prefix: (index: number) => (string | number)[], build: (fields: Omit<CostLine, 'id' | 'createdAt'>) => CostLine): Promise<Result<CostLine[], Issue[]>> {
    const lines: CostLine[] = [];
    const issues: Issue[] = [];
    let segments: Awaited<ReturnType<Store['reports']['costSegments']>> | null = null;
    for (const [index, input] of inputs.entries()) {
      const parsed = CostLineInputSchema.safeParse(input);
      if (!parsed.success) {
        issues.push(...issuesFromZod(parsed.error.issues, prefix(index)));
        continue;
      }
      const l = parsed.data;
      let segmentId: string | null = null;
      if (l.segmentId) {
        segments ??= await deps.store.reports.costSegments();
        const segment = segments.find((s) => s.id === l.segmentId) ?? segments.find((s) => s.key === l.segmentId);
        if (!segment) {
          issues.push({ code: 'unknown_segment', path: [...prefix(index), 'segmentId'], message: `no segment has the id or key "${l.segmentId}"` });
          continue;
        }
        segmentId = segment.id;
      }
      lines.push(build({ channel: l.channel, campaign: l.campaign ?? null, kind: l.kind, periodStart: l.from, periodEnd: l.to, amount: l.amount, currency: l.currency, note: l.note ?? null, segmentId }));
    }
    return issues.length > 0 ? err(issues) : ok(lines);
  }

  return {
    async addCostLines(inputs: readonly unknown[]): Promise<Result<CostLine[], DomainError>> {
      const at = now();
      const parsed = await parse(inputs, (index) => [index], (fields) => ({ id: newId('cost', at), ...fields, createdAt: at }));
      if (!parsed.ok) return err({ code: 'invalid_body', message: `${parsed.error.length} problem(s) in the cost lines; none were stored.`, issues: parsed.error });
      await deps.store.reports.addCostLines(parsed.value);
      return ok(parsed.value);
    },

    /** Replaces every field of a line (a field left out takes its default, as when adding); its id and creation stay. */
    async updateCostLine(id: string, input: unknown): Promise<Result<CostLine, DomainError>> {
      const known = await deps.store.reports.getCostLine(id);
      if (!known) return err({ code: 'cost_line_not_found', message: `No cost line has the id ${id}.` });
      const parsed = await parse([input], () => [], (fields) => ({ id, ...fields, createdAt: known.createdAt }));
      if (!parsed.ok) return err({ code: 'invalid_body', message: `${parsed.error.length} problem(s) in the cost line; it was not changed.`, issues: parsed.error });
      const line = parsed.value[0]!;
      if (!(await deps.store.reports.updateCostLine(line))) return err({ code: 'cost_line_not_found', message: `No cost line has the id ${id}.` });
      return ok(line);
    },

    listCostLines: (period: { from?: EpochMs; to?: EpochMs }) => deps.store.reports.listCostLines(period),

    async deleteCostLine(id: string): Promise<Result<{ deleted: true }, DomainError>> {
      return (await deps.store.reports.deleteCostLine(id)) ? ok({ deleted: true }) : err({ code: 'cost_line_not_found', message: `No cost line has the id ${id}.` });
    },
  };
}
