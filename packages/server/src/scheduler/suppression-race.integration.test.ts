import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const PUBLIC_URL = 'https://leads.example.fr';
const CONTACTS = 30;
const EMAILS_PER_CONTACT = 4;
const iso = (at: number) => new Date(at).toISOString();

/** A nurture that writes every contact four times, a minute apart: sends keep leaving while the changes arrive. */
const NURTURE = {
  key: 'race-nurture',
  name: 'Race nurture',
  trigger: { type: 'event', event: 'Demo Requested' },
  steps: Array.from({ length: EMAILS_PER_CONTACT }, (_, i) => [
    { id: `email-${i}`, type: 'send_email', template: 'race-news' },
    ...(i < EMAILS_PER_CONTACT - 1 ? [{ id: `wait-${i}`, type: 'wait', duration: '1m' }] : []),
  ]).flat(),
  exit: [],
  reentry: { policy: 'never' },
};
const TEMPLATE = { key: 'race-news', locale: 'en', channel: 'email', name: 'News', subject: 'News', body: '<mjml><mj-body><mj-section><mj-column><mj-text>News for {{ contact.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>' };

type Change = 'one-click' | 'hard bounce' | 'complaint';
const changeOf = (i: number): Change | null => (i < 24 ? (['one-click', 'hard bounce', 'complaint'] as const)[i % 3]! : null);
const userOf = (i: number) => `race${i}`;
const addressOf = (i: number) => `race${i}@example.com`;

/**
 * THE race of issue 15: a running scenario keeps sending while unsubscribes (through the one-click route), hard bounces
 * and complaints arrive. Every send-time check of the suppression list is timed as the store answers it; after a
 * change is acknowledged (its HTTP answer or its ingestion returned, so committed), no check may let a message through
 * to that address, and every message the SMTP server received for it was let through by a check made before.
 */
describe.each(testDrivers(import.meta.url))('suppression race on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;
  const checks: { address: string; at: number; listed: boolean }[] = [];

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    const store = await driver.createStore();
    // Times the send-time reads of the list; everything else is the real store.
    const timed: Store = {
      ...store,
      suppressions: {
        ...store.suppressions,
        find: async (channel, addresses) => {
          const rows = await store.suppressions.find(channel, addresses);
          checks.push({ address: addresses[0]!, at: performance.now(), listed: rows.length > 0 });
          return rows;
        },
      },
    };
    t = await createTestServer({ now: NOW, store: timed, config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>', publicUrl: PUBLIC_URL, sendRate: 1000 } });
    expect((await t.app.templates.create(TEMPLATE)).ok).toBe(true);
    expect((await t.app.scenarios.create(NURTURE, { activate: true })).ok).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lets no message through to an address after its unsubscribe, hard bounce or complaint is acknowledged', { timeout: 120_000 }, async () => {
    const indexes = Array.from({ length: CONTACTS }, (_, i) => i);
    await t.app.ingest(
      indexes.flatMap((i) => [
        { type: 'identify', userId: userOf(i), traits: { email: addressOf(i), firstName: 'Ada' }, timestamp: iso(NOW - 60_000), messageId: `${userOf(i)}-id` },
        { type: 'track', userId: userOf(i), event: 'Demo Requested', timestamp: iso(NOW), messageId: `${userOf(i)}-demo` },
      ]),
      { receivedAt: NOW },
    );

    // The scenario runs on its own: ticks back to back, the clock moving 20 s each, until every send is decided.
    let running = true;
    const scheduler = (async () => {
      while (running) {
        await t.app.runFollowUps();
        t.clock.advance(20_000);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const acks = new Map<number, number>();
    const changeOne = async (i: number, change: Change) => {
      // Spread the changes over the run: some land before a contact's first message, most between its messages.
      await new Promise((resolve) => setTimeout(resolve, (i * 37) % 400));
      if (change === 'one-click') {
        // A reader can only click what they received: wait for their first message and use its header.
        while (!smtp.received.some((m) => m.envelope.to.includes(addressOf(i)))) await new Promise((resolve) => setTimeout(resolve, 5));
        const mail = smtp.received.find((m) => m.envelope.to.includes(addressOf(i)))!;
        const url = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(mail.raw.replace(/\r?\n[ \t]+/g, ' '))![1]!;
        const answer = await t.server.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
        expect(answer.statusCode).toBe(200);
      } else {
        const event = change === 'hard bounce' ? { event: 'Email Bounced', properties: { bounceType: 'hard', diagnostic: '550 5.1.1 unknown user', source: 'dsn' } } : { event: 'Email Complained', properties: { feedbackType: 'abuse', source: 'arf' } };
        const result = await t.app.ingest([{ type: 'track', userId: userOf(i), ...event, timestamp: iso(t.clock.now().getTime()), messageId: `${userOf(i)}-${change}` }], { receivedAt: t.clock.now().getTime() });
        expect(result.accepted).toBe(1);
      }
      acks.set(i, performance.now());
    };
    await Promise.all(indexes.flatMap((i) => (changeOf(i) ? [changeOne(i, changeOf(i)!)] : [])));

    // Let the scenario run to its end, then stop the ticks.
    const deadline = Date.now() + 60_000;
    while (smtp.received.filter((m) => changeOf(indexes.find((i) => m.envelope.to.includes(addressOf(i)))!) === null).length < (CONTACTS - 24) * EMAILS_PER_CONTACT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    t.clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    running = false;
    await scheduler;

    let leftAfterAck = 0;
    let heldByTheList = 0;
    let receivedBeforeChange = 0;
    for (const [i, ack] of acks) {
      const mine = checks.filter((c) => c.address === addressOf(i));
      const after = mine.filter((c) => c.at > ack);
      leftAfterAck += after.filter((c) => !c.listed).length;
      heldByTheList += after.length;
      const received = smtp.received.filter((m) => m.envelope.to.includes(addressOf(i))).length;
      receivedBeforeChange += received;
      // Every message that reached the server was let through by a check that the store answered before the ack.
      expect(received, addressOf(i)).toBeLessThanOrEqual(mine.filter((c) => c.at <= ack && !c.listed).length);
    }
    expect(leftAfterAck).toBe(0);
    // The race was real: changed contacts had received mail, and later sends were stopped by the list at send time.
    expect(receivedBeforeChange).toBeGreaterThan(0);
    expect(heldByTheList).toBeGreaterThan(0);
    // The contacts nobody changed received every message.
    for (const i of indexes.filter((j) => changeOf(j) === null)) expect(smtp.received.filter((m) => m.envelope.to.includes(addressOf(i))), addressOf(i)).toHaveLength(EMAILS_PER_CONTACT);
    // And the changed ones' remaining sends are recorded as suppressed, with the rule that stopped them.
    const sends = (await t.app.outbox.list({ limit: 500, status: 'suppressed' })).sends;
    expect(sends.length).toBeGreaterThan(0);
    expect(sends.every((s) => /unsubscribed|suppression list|no consent/.test(s.lastError ?? ''))).toBe(true);
  });
});
