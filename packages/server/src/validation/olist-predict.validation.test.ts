import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelStatusSchema } from '@leadpulse/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { cliHarness } from '../test-support/cli-harness.js';
import { repoFile, validationDataDir } from '../test-support/validation-data.js';

const data = validationDataDir();
if (!data) console.warn('\n*** SKIPPED: the Olist predictive-score validation needs ../shared/data (or LEADPULSE_VALIDATION_DATA); see docs/validation.md ***\n');

type ModelStatus = z.output<typeof ModelStatusSchema>;

// What a user gets from `leadpulse model train` on a CRM export without web behaviour: 8,000 leads, one form each
// (with its origin and landing page), 842 deals won, all in 2017–2018 (docs/validation.md).
describe.skipIf(!data)('the predictive score on the Olist funnel, which has no web behaviour', () => {
  const h = cliHarness('olist-predict');
  let trained: number;
  let status: ModelStatus;

  beforeAll(async () => {
    const olist = join(data!, 'olist-marketing-funnel');
    expect(await h.run('import', join(olist, 'olist_marketing_qualified_leads_dataset.csv'), '--mapping', repoFile('examples/olist/mqls.mapping.json')), h.stderr()).toBe(0);
    expect(await h.run('import', join(olist, 'olist_closed_deals_dataset.csv'), '--mapping', repoFile('examples/olist/deals.mapping.json')), h.stderr()).toBe(0);
    trained = await h.run('model', 'train', '--horizon', '90');
    expect(await h.run('model', 'show', '--format', 'json')).toBe(0);
    status = JSON.parse(h.stdout()) as ModelStatus;
  }, 240_000);
  afterAll(() => rmSync(h.dir, { recursive: true, force: true }));

  it('pictures each lead while it is active, not every day from 2017 to today', () => {
    const run = status.runs[0]!;
    expect(run.status, JSON.stringify(run.outcome)).not.toBe('failed');
    const card = status.published!.card!;
    // Daily pictures for the 90 days after a lead's last event (its form, or its deal): about 85 per lead.
    expect(card.rows).toBeGreaterThan(8000 * 60);
    expect(card.rows).toBeLessThan(8000 * 100);
    expect(new Date(card.from).toISOString().slice(0, 7)).toBe('2017-06');
    expect(card.to).toBeLessThan(Date.UTC(2018, 11, 1));
  });

  it('names the web-behaviour columns it cannot learn from: constant, left out, on the card', () => {
    const issues = new Map(status.published!.card!.featureIssues.map((i) => [i.key, i.issue]));
    for (const key of ['count:page:all', 'sum:engaged:all', 'count:offer:all', 'count:session:all', 'count:cart_abandoned:all']) expect(issues.get(key), key).toBe('constant');
  });

  it('learns little from origin, landing page and time since the form, and says so', () => {
    const card = status.published!.card!;
    expect(trained).toBe(0);
    console.info(`Olist, purchase within 90 days: AUC ${card.auc.toFixed(3)} against the doctrine's ${card.baselineAuc!.toFixed(3)}, ${card.rows} pictures, ${card.positives} followed by a deal`);
    expect(card.auc).toBeGreaterThanOrEqual(card.baselineAuc!);
    expect(card.auc).toBeGreaterThan(0.52);
    expect(card.auc).toBeLessThan(0.7);
  });
});
