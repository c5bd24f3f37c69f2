import { ReportQuerySchema, type ReportName } from '@leadpulse/contract';
import { issuesFromZod, CAMPAIGN_HORIZON_DAYS, DAY, isCampaignHorizon, assembleBlockingPoints, assembleDoctrineCheck, assembleTunnel, blockingPointsTable, buildCampaignReport, buildCostReport, buildSegmentCostReport, campaignTable, costTable, segmentCostTable, daysBetween, dailyHistory, doctrineCheckTable, err, ok, transitionMatrix, tunnelTable, type DomainError, type EpochMs, type GroupBy, type Issue, type ReportTable, type Result } from '@leadpulse/core';
import type { z } from 'zod';
import type { ActiveDoctrine } from './active-doctrine.js';
import { scenarioReport, scenarioReportTable } from './campaign-report.js';
import { createCostLines } from './cost-lines.js';
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
    if (query.groupBy === 'segment' && name !== 'costs') return err(invalid('groupBy: segment groups the costs report only.', [{ code: 'invalid_group', path: ['groupBy'], message: 'segment is for the costs report' }]));
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
        if (query.groupBy !== 'segment') return ok({ name, period, asOf: at, data: report, table: costTable(report) });
        // By segment: the channel rows stay, and each live segment gets its row (membership as of now).
        const segments = (await deps.store.reports.costSegments()).filter((s) => s.live).map(({ id, key, name: segmentName }) => ({ id, key, name: segmentName }));
        const segmentCounts = await deps.store.reports.segmentChannelCounts(period, channelField, segments.map((s) => s.id));
        const bySegment = buildSegmentCostReport(segments, segmentCounts, counts, lines, { from, to, channelField, currency: report.currency });
        return ok({ name, period, asOf: at, data: { ...report, groupBy: 'segment', segments: bySegment.segments, allContacts: bySegment.allContacts }, table: segmentCostTable(bySegment, report.otherCurrencies) });
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

  return { run, ...createCostLines(deps) };
}

export type Reports = ReturnType<typeof createReports>;
