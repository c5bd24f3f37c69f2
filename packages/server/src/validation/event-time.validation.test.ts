import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import { validateMapping } from '../cli/csv-mapping.js';
import { readCsv } from '../cli/import-sources.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { repoFile, validationDataDir } from '../test-support/validation-data.js';

const data = validationDataDir();
if (!data) console.warn('\n*** SKIPPED: the event-time validation needs ../shared/data (or LEADPULSE_VALIDATION_DATA); see docs/validation.md ***\n');

type Raw = Record<string, unknown> & { timestamp?: string };

async function eventsOf(files: readonly [csv: string, mapping: string][]): Promise<Raw[]> {
  const events: Raw[] = [];
  for (const [csv, mapping] of files) {
    const parsed = validateMapping(JSON.parse(readFileSync(repoFile(mapping), 'utf8')));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    for await (const item of readCsv(join(data!, csv), parsed.value)) if (item.kind === 'event') events.push(item.event as Raw);
  }
  return events;
}

/** Every stage change, with whose it is, and the tunnel's step durations, as a report reads them. */
async function historyOf(t: TestServer, until: number) {
  const moves: string[] = [];
  for (let after: string | null = null; ; ) {
    const page = await t.store.contacts.stageChangesAfter(after === null ? { at: Number.MIN_SAFE_INTEGER, id: '' } : { at: Number(after.split('|')[0]), id: after.split('|')[1]! }, 5000);
    if (page.length === 0) break;
    const last = page[page.length - 1]!;
    after = `${last.at}|${last.id}`;
    for (const change of page) {
      const identities = await t.store.identities.of([change.contactId]);
      const key = identities.map((i) => `${i.kind}:${i.value}`).sort().join(',');
      moves.push(`${key} ${change.from ?? '-'}>${change.to}@${change.at}`);
    }
  }
  const tunnel = await t.app.reports.run('tunnel', { from: '2015-01-01', asOf: new Date(until).toISOString() });
  if (!tunnel.ok) throw new Error(JSON.stringify(tunnel.error));
  const { total } = tunnel.value.data as { total: { time: unknown; reached: unknown } };
  return { moves: moves.sort(), time: total.time, reached: total.reached };
}

async function loadAtOnce(events: readonly Raw[], until: number) {
  const t = await createTestServer({ now: until });
  try {
    for (let i = 0; i < events.length; i += 2000) await t.app.ingest(events.slice(i, i + 2000), { receivedAt: t.app.now() });
    return await historyOf(t, until);
  } finally {
    await t.close();
  }
}

/** Events arrive when they happened (those of one instant together); the scheduler runs once a simulated day, late. */
async function loadLive(events: readonly Raw[], until: number) {
  const sorted = [...events].sort((a, b) => Date.parse(a.timestamp!) - Date.parse(b.timestamp!));
  const t = await createTestServer({ now: Date.parse(sorted[0]!.timestamp!) });
  try {
    let nextTick = t.app.now() + DAY;
    for (let i = 0; i < sorted.length; ) {
      const at = Date.parse(sorted[i]!.timestamp!);
      let j = i;
      while (j < sorted.length && j - i < 2000 && Date.parse(sorted[j]!.timestamp!) === at) j++;
      if (at > t.app.now()) t.clock.advance(at - t.app.now());
      if (t.app.now() >= nextTick) {
        while ((await t.app.evaluateDue()) > 0);
        nextTick = t.app.now() + DAY;
      }
      await t.app.ingest(sorted.slice(i, j), { receivedAt: t.app.now() });
      i = j;
    }
    t.clock.advance(until - t.app.now());
    while ((await t.app.evaluateDue()) > 0);
    return await historyOf(t, until);
  } finally {
    await t.close();
  }
}

describe.skipIf(!data)('stage history in event time on the public datasets (SQLite; the generated-history test runs on both engines)', () => {
  it('is the same for the Olist funnel imported at once or streamed live', { timeout: 240_000 }, async () => {
    const events = await eventsOf([
      ['olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv', 'examples/olist/mqls.mapping.json'],
      ['olist-marketing-funnel/olist_closed_deals_dataset.csv', 'examples/olist/deals.mapping.json'],
    ]);
    const until = Date.UTC(2019, 0, 1);
    const atOnce = await loadAtOnce(events, until);
    expect(atOnce.moves.length).toBeGreaterThan(8000);
    expect(await loadLive(events, until)).toEqual(atOnce);
  });

  it('is the same for X Education imported at once or streamed live', { timeout: 240_000 }, async () => {
    const events = await eventsOf([['x-education-leads/Leads.csv', 'examples/x-education/leads.mapping.json']]);
    const times = events.map((e) => Date.parse(e.timestamp!)).filter((t) => !Number.isNaN(t));
    const until = Math.max(...times) + 30 * DAY;
    const atOnce = await loadAtOnce(events, until);
    expect(atOnce.moves.length).toBeGreaterThan(1000);
    expect(await loadLive(events, until)).toEqual(atOnce);
  });
});
