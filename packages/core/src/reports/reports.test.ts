import { describe, expect, it } from 'vitest';
import type { Temperature } from '../doctrine/doctrine.js';
import { DAY } from '../shared/duration.js';
import { buildBlockingPoints } from './blocking-points.js';
import { buildCampaignReport } from './campaign-report.js';
import type { ContactFacts } from './contact-facts.js';
import { costWithin, type CostLine } from './cost-line.js';
import { buildCostReport, channelCounts } from './cost-report.js';
import { buildDoctrineCheck } from './doctrine-check.js';
import { blockingPointsTable, campaignTable, tableToCsv, tunnelTable } from './report-tables.js';
import { dailyHistory, transitionMatrix } from './stage-moves.js';
import { wilsonInterval } from './statistics.js';
import { assembleTunnel, buildTunnel, tunnelInputs } from './tunnel.js';

const T0 = Date.UTC(2026, 0, 1);

/** A contact first seen `day` days after T0 that reached temperatures after the given numbers of days. */
function fact(day: number, reached: Partial<Record<Temperature, number>>, extra: Partial<ContactFacts> = {}): ContactFacts {
  const at = (d: number | undefined) => (d === undefined ? null : T0 + (day + d) * DAY);
  const firstSeenAt = T0 + day * DAY;
  return {
    firstSeenAt,
    lastSeenAt: firstSeenAt,
    cohort: new Date(firstSeenAt).toISOString().slice(0, 7),
    firstSource: 'google',
    firstMedium: 'cpc',
    firstCampaign: null,
    firstLanding: '/',
    lastSource: 'google',
    lastMedium: 'cpc',
    lastCampaign: null,
    stage: 'unknown',
    temperature: null,
    reachedAt: { cold: at(reached.cold), warm: at(reached.warm), hot: at(reached.hot), client: at(reached.client) },
    revenue: reached.client === undefined ? 0 : 1000,
    orders: reached.client === undefined ? 0 : 1,
    carts: 0,
    checkouts: 0,
    exitPath: '/',
    pages: 1,
    sessions: 1,
    engagedSeconds: 0,
    traits: {},
    signals: [],
    ...extra,
  };
}

describe('the tunnel', () => {
  const facts = [
    fact(0, { cold: 0, warm: 2, hot: 4, client: 10 }),
    fact(1, { cold: 0, warm: 4, hot: 4 }),
    fact(2, { cold: 1, warm: 1 }),
    fact(3, { cold: 0 }),
    fact(4, {}, { firstSource: 'linkedin' }),
  ];

  it('counts who reached each temperature, the conversion of each step and the days it took', () => {
    const tunnel = buildTunnel(facts, { by: 'none', now: T0 + 400 * DAY });
    expect(tunnel.total.reached).toEqual({ cold: 4, warm: 3, hot: 2, client: 1 });
    // The second contact went from cold straight to hot (warm skipped), the third entered at warm (cold skipped).
    expect(tunnel.total.skipped).toEqual({ cold: 1, warm: 1, hot: 0, client: 0 });
    expect(tunnel.total.through).toEqual({ 'entry-cold': 3, 'cold-warm': 1, 'warm-hot': 1, 'hot-client': 1, 'entry-client': 1 });
    expect(tunnel.total.conversion).toMatchObject({ 'entry-cold': 0.6, 'cold-warm': 1 / 3, 'warm-hot': 0.5, 'hot-client': 0.5, 'entry-client': 0.2 });
    // Only the first contact held cold then warm, 2 days apart; skippers give no duration.
    expect(tunnel.total.time['cold-warm']).toEqual({ n: 1, median: 2 * DAY, p75: 2 * DAY });
    expect(tunnel.total.time['entry-client']).toEqual({ n: 1, median: 10 * DAY, p75: 10 * DAY });
    expect(tunnel.total.revenue).toBe(1000);
  });

  it('never counts a stage nobody held as converted through, and says so in the table', () => {
    // Nobody meets the warm rule: contacts go from cold to hot or client directly (their facts date warm then).
    const skipping = [fact(0, { cold: 0, warm: 2, hot: 2, client: 5 }), fact(0, { cold: 0, warm: 3, hot: 3 }), fact(0, { cold: 0 }), fact(0, { cold: 0, warm: 4, hot: 4, client: 4 })];
    const tunnel = buildTunnel(skipping, { by: 'none', now: T0 + 400 * DAY });
    expect(tunnel.total.reached.warm).toBe(3);
    expect(tunnel.total.skipped.warm).toBe(3);
    expect(tunnel.total.conversion['cold-warm']).toBe(0);
    expect(tunnel.total.conversion['warm-hot']).toBeNull();
    expect(tunnel.total.time['warm-hot'].n).toBe(0);
    expect(tunnel.total.conversion['hot-client']).toBe(0.5);
    const table = tunnelTable(tunnel);
    expect(table.notes!.join(' ')).toContain('3 went past warm');
    expect(table.essential!.every((c) => table.columns.includes(c))).toBe(true);
    expect(tableToCsv(table).split('\r\n').at(-2)).toMatch(/^note,"skipped: /);
    // Page lift leaves the skippers out: no vacuous lift of warm → hot.
    const lift = buildBlockingPoints(skipping.map((f) => ({ ...f, signals: ['page:/'] })), { now: T0, quietAfterMs: DAY, top: 5, stages: [] }).lift;
    expect(lift.map((l) => [l.from, l.contacts, l.movedUp, l.skipped])).toEqual([['cold', 1, 0, 3], ['warm', 0, 0, 0], ['hot', 2, 1, 0]]);
  });

  it('says in the table and the CSV when figures come from a sample', () => {
    const sampled = assembleTunnel(tunnelInputs(facts, 'none'), { by: 'none', now: T0, coverageStart: null, sampledOneIn: 3 });
    expect(tunnelTable(sampled).notes).toContain('sampled: step days come from a deterministic 1-in-3 sample of the contacts (above 20,000); counts are exact');
    expect(tableToCsv(tunnelTable(sampled))).toContain('\r\nnote,"sampled: step days come from a deterministic 1-in-3 sample');
    expect(campaignTable([], 2).notes![0]).toMatch(/^sampled: days to each temperature/);
    expect(tunnelTable(buildTunnel(facts, { by: 'none', now: T0 })).notes!.some((n) => n.startsWith('sampled'))).toBe(false);
  });

  it('groups by first-touch source, by cohort and by any trait', () => {
    expect(buildTunnel(facts, { by: 'source', now: T0 }).groups.map((g) => [g.group, g.contacts])).toEqual([['google', 4], ['linkedin', 1]]);
    const byTrait = buildTunnel([fact(0, {}, { traits: { city: 'Lyon' } }), fact(0, {}, { traits: {} })], { by: 'trait:city', now: T0 });
    expect(byTrait.groups.map((g) => g.group).sort()).toEqual(['(none)', 'Lyon']);
  });

  it('flags cohorts too young to have converted as immature, not as failures', () => {
    const now = T0 + 45 * DAY;
    const cohorts = buildTunnel([fact(0, { client: 20 }), fact(1, { client: 20 }), fact(40, {})], { by: 'cohort', now });
    expect(cohorts.maturityMs).toBe(20 * DAY);
    expect(cohorts.groups.map((g) => [g.group, g.immature])).toEqual([['2026-01', false], ['2026-02', true]]);
  });

  it('flags cohorts that began long before the first recorded conversion as uncovered', () => {
    const rows = [fact(0, {}), fact(31, {}), fact(200, { client: 0 }), fact(210, { client: 7 })];
    const cohorts = buildTunnel(rows, { by: 'cohort', now: T0 + 800 * DAY });
    expect(cohorts.groups.filter((g) => g.uncovered).map((g) => g.group)).toEqual(['2026-01', '2026-02']);
    // A young business whose first sale comes a week after its first visitor has no gap.
    expect(buildTunnel([fact(0, {}), fact(1, { client: 7 }), fact(3, { client: 6 })], { by: 'cohort', now: T0 + 800 * DAY }).groups.some((g) => g.uncovered)).toBe(false);
  });

  it('exports as CSV with a header and quoted cells', () => {
    const csv = tableToCsv(tunnelTable(buildTunnel([fact(0, { cold: 0 }, { firstSource: 'news, "letter"' })], { by: 'source', now: T0 })));
    expect(csv.split('\r\n')[0]).toMatch(/^group,contacts,reached_cold/);
    expect(csv).toContain('"news, ""letter""",1,1,');
  });

  it('neutralizes text a spreadsheet would run as a formula, and leaves numbers as they are', () => {
    const table = { columns: ['text', 'number'], rows: [["=cmd|' /C calc'!A0", -3.5], ['+1+1', 0], ['-2+3', -0.25], ['@SUM(A1)', 1e21], ['\t=1', null], ['\r=1', 2], ['-3.5', 1], ['+12', 1], ['1-2', 1], ['a=b', 1]] };
    expect(tableToCsv(table).split('\r\n')).toEqual([
      'text,number',
      `"'=cmd|' /C calc'!A0",-3.5`,
      `"'+1+1",0`,
      `"'-2+3",-0.25`,
      `"'@SUM(A1)",1e+21`,
      `"'\t=1",`,
      `"'\r=1",2`,
      '-3.5,1',
      '+12,1',
      '1-2,1',
      'a=b,1',
      '',
    ]);
  });
});

describe('stage moves', () => {
  it('flags cooling moves in the transition matrix', () => {
    const rank = (s: string) => ['unknown', 'cold', 'warm', 'hot', 'client'].indexOf(s);
    const matrix = transitionMatrix(
      [
        { day: '2026-01-01', from: 'warm', to: 'hot', count: 3 },
        { day: '2026-01-02', from: 'hot', to: 'warm', count: 2 },
        { day: '2026-01-02', from: 'warm', to: 'hot', count: 1 },
        { day: '2026-01-03', from: null, to: 'cold', count: 5 },
      ],
      ['client', 'hot', 'warm', 'cold', 'unknown'],
      rank,
    );
    expect(matrix.moves).toEqual([
      { from: null, to: 'cold', count: 5, cooling: false },
      { from: 'warm', to: 'hot', count: 4, cooling: false },
      { from: 'hot', to: 'warm', count: 2, cooling: true },
    ]);
  });

  it("rebuilds each day's counts backwards from today's", () => {
    const history = dailyHistory({ cold: 10, warm: 4, unknown: 50 }, [{ day: '2026-01-02', from: 'cold', to: 'warm', count: 3 }, { day: '2026-01-03', from: null, to: 'cold', count: 2 }], ['2026-01-01', '2026-01-02', '2026-01-03'], 'unknown');
    expect(history).toEqual([
      { day: '2026-01-01', counts: { cold: 11, warm: 1 } },
      { day: '2026-01-02', counts: { cold: 8, warm: 4 } },
      { day: '2026-01-03', counts: { cold: 10, warm: 4 } },
    ]);
  });
});

describe('costs', () => {
  const line = (channel: string, kind: 'field' | 'digital', amount: number, currency = 'EUR'): CostLine => ({ id: channel, channel, campaign: null, kind, periodStart: T0, periodEnd: T0 + 10 * DAY, amount, currency, note: null, createdAt: T0 });

  it('prorates a line to the period', () => {
    expect(costWithin(line('x', 'digital', 1000), T0 + 5 * DAY, T0 + 30 * DAY)).toBe(500);
  });

  it('divides cost by the contacts reaching each stage and compares field with digital', () => {
    const facts = [fact(0, { cold: 0, warm: 1, hot: 1, client: 2 }, { firstSource: 'terrain' }), fact(0, { cold: 0 }, { firstSource: 'terrain' }), ...Array.from({ length: 10 }, () => fact(0, { cold: 0 })), fact(0, { cold: 0, warm: 1, hot: 1 }), fact(0, {}, { firstSource: 'newsletter' })];
    const report = buildCostReport(channelCounts(facts, 'source'), [line('terrain', 'field', 3000), line('google', 'digital', 1100), line('google', 'digital', 50, 'USD')], { from: T0, to: T0 + 10 * DAY, channelField: 'source', byCampaign: false });
    expect(report.currency).toBe('EUR');
    expect(report.otherCurrencies).toEqual(['USD']);
    const terrain = report.rows.find((r) => r.channel === 'terrain')!;
    expect(terrain.costPer).toEqual({ contact: 1500, cold: 1500, warm: 3000, hot: 3000, client: 3000 });
    expect(terrain.costPerRevenue).toBe(3);
    const google = report.rows.find((r) => r.channel === 'google')!;
    expect(google.costPer.hot).toBe(1100);
    expect(google.costPer.client).toBeNull();
    // A channel with no cost line: cost unknown, not free.
    expect(report.rows.find((r) => r.channel === 'newsletter')).toMatchObject({ kind: null, costPer: { contact: null } });
    expect(report.byKind.map((r) => [r.channel, r.cost, r.reached.hot])).toEqual([['field', 3000, 1], ['digital', 1100, 1]]);
  });
});

describe('campaign results', () => {
  it('reports contacts brought, stages reached, time to each and revenue per first-touch campaign', () => {
    const facts = [fact(0, { cold: 1, client: 9 }, { firstCampaign: 'automne' }), fact(0, { cold: 3 }, { firstCampaign: 'automne' }), fact(0, {}, { firstCampaign: 'hiver', firstSource: 'meta' }), fact(0, {})];
    const rows = buildCampaignReport(tunnelInputs(facts, 'campaign'));
    expect(rows.map((r) => [r.campaign, r.contacts, r.reached.cold, r.clients, r.revenue])).toEqual([['automne', 2, 2, 1, 1000], ['hiver', 1, 0, 0, 0]]);
    expect(rows[0]!.timeTo.cold).toEqual({ n: 2, median: 2 * DAY, p75: 2.5 * DAY });
    expect(rows.map((r) => r.source)).toEqual(['google', 'meta']);
  });
});

describe('the doctrine check', () => {
  // 100 contacts per stage; conversion rises with the stage except for a signal that never precedes a purchase.
  const population = (stage: 'none' | 'cold' | 'warm' | 'hot', converted: number, signals: string[] = []) =>
    Array.from({ length: 100 }, (_, i) => {
      const reached: Partial<Record<Temperature, number>> = stage === 'none' ? {} : { cold: 0, ...(stage !== 'cold' ? { warm: 1 } : {}), ...(stage === 'hot' ? { hot: 2 } : {}) };
      if (i < converted) reached.client = 10;
      return fact(0, reached, { signals: i < converted ? [...signals, 'Order Completed'] : signals });
    });

  it('measures the real conversion by stage reached before buying, and by signal with lift and intervals', () => {
    const facts = [...population('none', 1), ...population('cold', 5), ...population('warm', 20, ['Form Submitted']), ...population('hot', 40, ['Chat Started'])];
    const check = buildDoctrineCheck(facts, { now: T0 + 200 * DAY, horizonMs: 90 * DAY });
    expect(check.known).toBe(400);
    expect(check.byStage.map((s) => [s.stage, s.converted, s.contacts])).toEqual([['none', 1, 100], ['cold', 5, 100], ['warm', 20, 100], ['hot', 40, 100]]);
    expect(check.ordered).toBe(true);
    const chat = check.signals.find((s) => s.signal === 'Chat Started')!;
    expect(chat.rate).toBe(0.4);
    expect(chat.lift).toBeCloseTo(0.4 / (26 / 300), 6);
    expect(chat.verdict).toBe('predicts buying');
    const everywhere = buildDoctrineCheck(facts.map((f) => ({ ...f, signals: [...f.signals, 'Page Viewed'] })), { now: T0 + 200 * DAY, horizonMs: 90 * DAY });
    expect(everywhere.signals.find((s) => s.signal === 'Page Viewed')!.verdict).toBe('in every contact: no contrast');
    // The purchase itself is the outcome, not a signal.
    expect(check.signals.some((s) => s.signal === 'Order Completed')).toBe(false);
  });

  it('flags a doctrine whose warmer stage converts less, and leaves out contacts whose outcome is not known yet', () => {
    const facts = [...population('cold', 30), ...population('warm', 10), fact(150, { client: 1 })];
    const check = buildDoctrineCheck(facts, { now: T0 + 200 * DAY, horizonMs: 90 * DAY });
    expect(check.known).toBe(200);
    expect(check.ordered).toBe(false);
    expect(check.disorders).toEqual(['warm converts less (10.0 %) than cold (30.0 %)']);
  });

  it('gives small counts wide intervals', () => {
    expect(wilsonInterval(1, 2)![0]).toBeLessThan(0.1);
    expect(wilsonInterval(1, 2)![1]).toBeGreaterThan(0.9);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('blocking points', () => {
  it('finds where quiet contacts of each stage left, and the biggest drop of the purchase path', () => {
    const quiet = (stage: string, exitPath: string, extra: Partial<ContactFacts> = {}) => fact(0, {}, { stage, exitPath, signals: [`page:${exitPath}`], ...extra });
    const facts = [
      quiet('cold', '/tarifs'),
      quiet('cold', '/tarifs'),
      quiet('cold', '/blog'),
      quiet('warm', '/tarifs'),
      fact(0, {}, { stage: 'cold', exitPath: '/tarifs', lastSeenAt: T0 + 99 * DAY }),
      quiet('hot', '/panier', { carts: 1 }),
      quiet('hot', '/panier', { carts: 1, checkouts: 1 }),
      quiet('client', '/merci', { carts: 1, checkouts: 1, orders: 1 }),
      quiet('client', '/merci', { carts: 1, checkouts: 1, orders: 1 }),
    ];
    const report = buildBlockingPoints(facts, { now: T0 + 100 * DAY, quietAfterMs: 30 * DAY, top: 5, stages: ['client', 'hot', 'warm', 'cold'] });
    const cold = report.byStage.find((s) => s.stage === 'cold')!;
    expect(cold.quiet).toBe(3);
    expect(cold.pages[0]).toEqual({ path: '/tarifs', exits: 2, share: 2 / 3, lastPageOf: 4, exitRate: 0.5, viewers: 3, exitsPerViewer: 2 / 3 });
    expect(report.purchasePath.map((s) => [s.step, s.contacts])).toEqual([['cart', 4], ['checkout', 3], ['order', 2]]);
    expect(report.worstStep).toBe('order');
  });

  it('shows only the purchase steps present in the data, and counts orders without a cart', () => {
    const options = { now: T0 + DAY, quietAfterMs: 30 * DAY, top: 5, stages: ['cold'] };
    const ordersOnly = buildBlockingPoints([fact(0, {}, { orders: 1 }), fact(0, {}, { orders: 2 }), fact(0, {})], options);
    expect(ordersOnly.purchasePath).toEqual([{ step: 'order', contacts: 2, fromPrevious: null, drop: null, withoutPrevious: null }]);
    const noCheckout = buildBlockingPoints([fact(0, {}, { carts: 1, orders: 1 }), fact(0, {}, { carts: 1 }), fact(0, {}, { orders: 1 })], options);
    expect(noCheckout.purchasePath.map((s) => [s.step, s.contacts, s.fromPrevious, s.withoutPrevious])).toEqual([['cart', 2, null, null], ['order', 2, 0.5, 1]]);
    // Every contact was seen within the quiet period: the report says why no exit page shows.
    expect(ordersOnly).toMatchObject({ contacts: 3, noneQuiet: true, byStage: [{ stage: 'cold', quiet: 0, pages: [] }] });
    expect(blockingPointsTable(ordersOnly).notes![0]).toMatch(/^no exit pages: none of the 3 contacts has been unseen for 30 days/);
  });

  it('finds the pages that contacts who moved up viewed more than those who stalled, with counts', () => {
    const contact = (pages: string[], warm: boolean) => fact(0, warm ? { cold: 0, warm: 1 } : { cold: 0 }, { signals: pages.map((p) => `page:${p}`) });
    const facts = [
      ...Array.from({ length: 20 }, (_, i) => contact(['/', '/cas-clients'], i < 12)),
      ...Array.from({ length: 80 }, (_, i) => contact(['/'], i < 8)),
      ...Array.from({ length: 5 }, () => contact(['/rare'], true)),
    ];
    const cold = buildBlockingPoints(facts, { now: T0, quietAfterMs: DAY, top: 5, stages: [] }).lift.find((l) => l.from === 'cold')!;
    expect([cold.contacts, cold.movedUp]).toEqual([105, 25]);
    const cases = cold.pages.find((p) => p.path === '/cas-clients')!;
    expect(cases).toMatchObject({ viewed: 20, movedUp: 12, rate: 0.6, significant: true });
    expect(cases.lift).toBeCloseTo(0.6 / (13 / 85), 6);
    // Five viewers are too few to say anything.
    expect(cold.pages.some((p) => p.path === '/rare')).toBe(false);
  });
});
