import { TEMPERATURES } from '../doctrine/doctrine.js';
import type { SegmentCostReport, SegmentCostRow } from './cost-by-segment.js';
import type { ReportTable } from './report-tables.js';

const money = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
const ratio = (r: number | null) => (r === null ? null : Math.round(r * 10_000) / 10_000);

const COLUMNS = [
  'view',
  'segment',
  'segment_name',
  'cost',
  'direct_cost',
  'shared_cost',
  'field_cost',
  'digital_cost',
  'contacts',
  ...TEMPERATURES.map((t) => `reached_${t}`),
  'cost_per_contact',
  ...TEMPERATURES.map((t) => `cost_per_${t}`),
  'revenue',
  'cost_per_revenue',
  'uncosted_contacts',
  'currency',
];

/** The cost report by segment as one table (`report costs --by segment`, `groupBy=segment&format=csv`). */
export function segmentCostTable(report: SegmentCostReport, otherCurrencies: readonly string[] = []): ReportTable {
  const line = (view: string, r: SegmentCostRow) => [
    view,
    r.segment?.key ?? null,
    r.segment?.name ?? null,
    money(r.cost),
    money(r.directCost),
    money(r.sharedCost),
    money(r.costByKind.field),
    money(r.costByKind.digital),
    r.contacts,
    ...TEMPERATURES.map((t) => r.reached[t]),
    money(r.costPer.contact),
    ...TEMPERATURES.map((t) => money(r.costPer[t])),
    money(r.revenue),
    ratio(r.costPerRevenue),
    r.uncostedContacts,
    report.currency,
  ];
  const notes = [
    'segment cost = the lines assigned to the segment + each channel line × (its members that channel brought ÷ all contacts that channel brought)',
    'a contact in two segments counts in both: segment rows do not add up to all contacts',
    'membership is today’s (live segments); contacts are those first seen in the period',
  ];
  if (report.segments.length === 0) notes.push('no live segment: create one (leadpulse segments, /api/v1/segments)');
  if (otherCurrencies.length > 0) notes.push(`lines in ${otherCurrencies.join(', ')} are left out (only ${report.currency} is summed)`);
  return {
    columns: COLUMNS,
    rows: [...report.segments.map((r) => line('segment', r)), line('all contacts', report.allContacts)],
    notes,
    essential: ['view', 'segment', 'cost', 'contacts', 'reached_warm', 'reached_hot', 'reached_client', 'cost_per_contact', 'cost_per_warm', 'cost_per_hot', 'cost_per_client'],
  };
}
