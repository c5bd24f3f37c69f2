import { CAMPAIGN_COUNTERS, countersReached, noCampaignCounts, type ContactId } from '@leadpulse/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import type { SendRecord, SendStatus } from '../app/scenario-ports.js';
import { testDrivers } from './test-support/test-drivers.js';

const T0 = Date.UTC(2026, 10, 2, 9);
const DAY = 86_400_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function send(i: number, random: () => number): SendRecord {
  const control = random() < 0.2;
  const variant = random() < 0.5 ? 'a' : 'b';
  return {
    id: `snd_${i}`,
    idempotencyKey: `enr_${i}:welcome:0:${T0}`,
    enrolmentId: `enr_${i}`,
    scenarioId: `scn_${i % 2}`,
    contactId: `ct_${i}` as ContactId,
    stepId: 'welcome',
    channel: 'email',
    status: control ? 'suppressed' : 'queued',
    messageId: `<snd_${i}@test>`,
    recipient: `c${i}@example.com`,
    payload: { template: variant === 'a' ? 'welcome' : 'welcome-short', variant, ...(control ? { group: 'control' } : {}) },
    subject: null,
    attempts: 0,
    nextAttemptAt: control ? null : T0,
    lastError: control ? 'control group' : null,
    providerAnswer: null,
    createdAt: T0 + (i % 3) * DAY,
    sentAt: null,
    updatedAt: T0,
  };
}

const outcome = (status: SendStatus) => ({ status, attempts: 1, nextAttemptAt: null, lastError: status === 'sent' ? null : 'x', providerAnswer: null, sentAt: status === 'sent' ? T0 : null, updatedAt: T0 });

describe.each(testDrivers(import.meta.url))('campaign rollup on $name', (driver) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('counts what each send reached, through every writer of its status, as a replay of the sends would', async () => {
    store = await driver.createStore();
    const random = mulberry32(11);
    const sends = Array.from({ length: 120 }, (_, i) => send(i, random));
    await store.transaction((tx) => tx.insertSends(sends));
    // Each send's path: the outbox's outcome, then engagement and endings by Message-ID, some of them out of order.
    const expected = new Map<string, Record<string, number>>();
    const bump = (s: SendRecord, from: string | null, to: string) => {
      const key = `${s.scenarioId}|${s.payload['template']}|${s.payload['variant']}|${s.payload['group'] ?? 'treated'}`;
      const counts = expected.get(key) ?? noCampaignCounts();
      for (const counter of countersReached(from, to)) counts[counter]! += 1;
      expected.set(key, counts);
    };
    for (const s of sends) {
      bump(s, null, s.status);
      if (s.status !== 'queued') continue;
      const first = random() < 0.85 ? 'sent' : random() < 0.5 ? 'failed' : 'bounced';
      expect(await store.sends.recordOutcomes([{ id: s.id, outcome: outcome(first) }])).toEqual([true]);
      bump(s, 'queued', first);
      let status: string = first;
      if (first === 'failed' && random() < 0.5) {
        expect(await store.sends.retry(s.id, T0)).toBe(true);
        bump(s, 'failed', 'queued');
        status = 'queued';
      }
      for (const next of ['delivered', 'opened', 'clicked', 'opened', 'unsubscribed', 'complained'] as const) {
        if (status === 'queued' || random() < 0.4) continue;
        const before = (await store.sends.get(s.id))!.status;
        await store.transaction((tx) => tx.markEngagement(s.messageId, next, T0));
        const after = (await store.sends.get(s.id))!.status;
        if (after !== before) bump(s, before, after);
        status = after;
      }
    }

    const lines = await store.reports.campaignStats({ from: T0 - DAY, to: T0 + 5 * DAY });
    const actual = new Map<string, Record<string, number>>();
    for (const line of lines) {
      const key = `${line.scenarioId}|${line.template}|${line.variant}|${line.group}`;
      const counts = actual.get(key) ?? noCampaignCounts();
      for (const counter of CAMPAIGN_COUNTERS) counts[counter]! += line.counts[counter];
      actual.set(key, counts);
    }
    expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
    // A period that holds only the first day counts only the sends decided that day.
    const firstDay = await store.reports.campaignStats({ from: T0 - (T0 % DAY), to: T0 - (T0 % DAY) + DAY });
    expect(firstDay.reduce((n, l) => n + l.counts.decided, 0)).toBe(sends.filter((s) => s.createdAt < T0 - (T0 % DAY) + DAY).length);
  });
});
