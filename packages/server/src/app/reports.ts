import { CostLineInputSchema, ReportQuerySchema, type ReportName } from '@leadpulse/contract';
import { issuesFromZod, CAMPAIGN_HORIZON_DAYS, DAY, isCampaignHorizon, assembleBlockingPoints, assembleDoctrineCheck, assembleTunnel, blockingPointsTable, buildCampaignReport, buildCostReport, campaignTable, costTable, daysBetween, dailyHistory, doctrineCheckTable, err, ok, transitionMatrix, tunnelTable, type CostLine, type DomainError, type EpochMs, type GroupBy, type Issue, type ReportTable, type Result } from '@leadpulse/core';
import type { z } from 'zod';
import type { ActiveDoctrine } from './active-doctrine.js';
import { scenarioReport, scenarioReportTable } from './campaign-report.js';
import { newId } from './new-id.js';
import type { Clock, Store } from './ports.js';

const DEFAULT_PERIOD = 365 * DAY;
/**
 * Step durations, page lift and signal conversion are read from at most about this many contacts; above, from a
 * deterministic sample (the reports say so): the median of 20,000 values lies between the 49.3rd and 50.7th
 * percentiles of the whole, 19 times out of 20. Counts are always exact.
 */
const MAX_SAMPLE = 20_000;

export interface ReportResult {
  readonly name: ReportName;
  readonly period: { readonly from: EpochMs; readonly to: EpochMs };
  /** The instant the report describes: now, or the `asOf` asked for. */
  readonly asOf: EpochMs;
  readonly data: unknown;
  readonly table: ReportTable;
}

type Query = z.output<typeof ReportQuerySchema>;

const invalid = (message: string, issues: Issue[] = []): DomainError => ({ code: 'invalid_query', message, issues });

/** The reports and the cost lines. They read contact facts, stage moves and cost lines; never the event log. */
export function createReports(deps: { store: Pick<Store, 'contacts' | 'reports' | 'scenarios'>; clock: Clock; doctrine: () => ActiveDoctrine }) {
  const now = () => deps.clock.now().getTime();

  async function run(name: ReportName, input: unknown): Promise<Result<ReportResult, DomainError>> {
    const parsed = ReportQuerySchema.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error.issues);
      return err(invalid(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues));
    }
    const query: Query = parsed.data;
    const at = query.asOf ?? now();
    const to = query.to ?? at;
    const from = query.from ?? to - DEFAULT_PERIOD;
    if (from >= to) return err(invalid('from must be before to.', [{ code: 'invalid_period', path: ['from'], message: 'after to' }]));
    const period = { from, to };
    switch (name) {
      case 'tunnel': {
        const by = (query.groupBy ?? 'none') as GroupBy;
        const { inputs, sampledOneIn, coverageStart } = await deps.store.reports.tunnelInputs(period, by, MAX_SAMPLE);
        const tunnel = assembleTunnel(inputs, { by, now: at, sampledOneIn, coverageStart });
        const active = deps.doctrine();
        const stages = active.compiled.stageKeys;
        const rank = (stage: string) => (stage === active.compiled.doctrine.fallback.key ? -1 : stages.length - stages.indexOf(stage));
        const [today, movesInPeriod, movesSince] = await Promise.all([deps.store.contacts.countByStage(), deps.store.reports.stageMoves(period), deps.store.reports.stageMoves({ from })]);
        const history = dailyHistory(today, movesSince, daysBetween(from, Math.min(at, Math.max(to, from + DAY))), active.compiled.doctrine.fallback.key);
        const data = { ...tunnel, today, history: to >= at - DAY ? history : history.filter((h) => Date.parse(h.day) < to), transitions: transitionMatrix(movesInPeriod, stages, rank) };
        return ok({ name, period, asOf: at, data, table: tunnelTable(tunnel) });
      }
      case 'blocking-points': {
        const quietAfterMs = query.quietAfter ?? 30 * DAY;
        const inputs = await deps.store.reports.blockingInputs(period, { now: at, quietAfterMs }, MAX_SAMPLE);
        const report = assembleBlockingPoints(inputs, { quietAfterMs, top: query.top ?? 10, stages: deps.doctrine().compiled.stageKeys });
        return ok({ name, period, asOf: at, data: report, table: blockingPointsTable(report) });
      }
      case 'costs': {
        const channelField = query.channel ?? 'source';
        const [lines, counts] = await Promise.all([deps.store.reports.listCostLines(period), deps.store.reports.channelCounts(period, channelField)]);
        const report = buildCostReport(counts, lines, { from, to, channelField, byCampaign: query.byCampaign ?? false });
        return ok({ name, period, asOf: at, data: report, table: costTable(report) });
      }
      case 'campaigns': {
        const { inputs, sampledOneIn } = await deps.store.reports.tunnelInputs(period, 'campaign', MAX_SAMPLE);
        const rows = buildCampaignReport(inputs);
        return ok({ name, period, asOf: at, data: { campaigns: rows, sampledOneIn }, table: campaignTable(rows, sampledOneIn) });
      }
      case 'doctrine-check': {
        const horizonMs = query.horizon ?? 90 * DAY;
        const check = assembleDoctrineCheck(await deps.store.reports.doctrineCheckInputs(period, { now: at, horizonMs }, MAX_SAMPLE), horizonMs);
        return ok({ name, period, asOf: at, data: check, table: doctrineCheckTable(check) });
      }
      case 'scenarios': {
        // The outcome is kept for fixed horizons only (the rollup of migration 0014): any other would read every enrolment.
        const horizonMs = query.horizon ?? 30 * DAY;
        if (!isCampaignHorizon(horizonMs / DAY)) {
          const allowed = CAMPAIGN_HORIZON_DAYS.map((d) => `${d}d`).join(', ');
          return err(invalid(`horizon: the scenarios report keeps its outcome for ${allowed} only.`, [{ code: 'invalid_horizon', path: ['horizon'], message: `one of ${allowed}` }]));
        }
        const report = await scenarioReport(deps.store, deps.doctrine().compiled, { period, horizonMs });
        return ok({ name, period, asOf: at, data: report, table: scenarioReportTable(report) });
      }
    }
  }

  /** Validates every line first: one bad line stores none, and each issue names its line. */
  async function addCostLines(inputs: readonly unknown[]): Promise<Result<CostLine[], DomainError>> {
    const lines: CostLine[] = [];
    const issues: Issue[] = [];
    const at = now();
    inputs.forEach((input, index) => {
      const parsed = CostLineInputSchema.safeParse(input);
      if (!parsed.success) {
        issues.push(...issuesFromZod(parsed.error.issues, [index]));
        return;
      }
      const l = parsed.data;
      lines.push({ id: newId('cost', at), channel: l.channel, campaign: l.campaign ?? null, kind: l.kind, periodStart: l.from, periodEnd: l.to, amount: l.amount, currency: l.currency, note: l.note ?? null, createdAt: at });
    });
    if (issues.length > 0) return err({ code: 'invalid_body', message: `${issues.length} problem(s) in the cost lines; none were stored.`, issues });
    await deps.store.reports.addCostLines(lines);
    return ok(lines);
  }

  return {
    run,
    addCostLines,
    listCostLines: (period: { from?: EpochMs; to?: EpochMs }) => deps.store.reports.listCostLines(period),
    async deleteCostLine(id: string): Promise<Result<{ deleted: true }, DomainError>> {
      return (await deps.store.reports.deleteCostLine(id)) ? ok({ deleted: true }) : err({ code: 'cost_line_not_found', message: `No cost line has the id ${id}.` });
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
