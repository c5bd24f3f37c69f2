import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (at: number) => new Date(at).toISOString();
const SCENARIO = { key: 'welcome', name: 'Welcome', trigger: { type: 'event', event: 'Signed Up' }, steps: [{ id: 'email', type: 'send_email', template: 'welcome' }], exit: [], reentry: { policy: 'never' } };
const TEMPLATE = { key: 'welcome', locale: 'en', channel: 'email', name: 'Welcome', subject: 'Welcome', body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ contact.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>' };

/**
 * One message at a time is in the relay's hands (the hand-over gate); the others wait with their last byte unsent.
 * A hard bounce that commits while a message waits there stops it: the list is read again at its point of no return.
 */
describe.each(testDrivers(import.meta.url))('the suppression list read again at the hand-over on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;
  const checks: { address: string; listed: boolean }[] = [];

  beforeAll(async () => {
    // A relay slow to answer: the first message holds the gate for 600 ms while the second one waits.
    smtp = await startSmtpTestServer({ kind: 'accept' }, { replyDelayMs: 600 });
    const store = await driver.createStore();
    const watched: Store = {
      ...store,
      suppressions: {
        ...store.suppressions,
        find: async (channel, addresses) => {
          const rows = await store.suppressions.find(channel, addresses);
          checks.push({ address: addresses[0]!, listed: rows.length > 0 });
          return rows;
        },
      },
    };
    t = await createTestServer({ now: NOW, store: watched, config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>', publicUrl: 'https://leads.example.fr', sendRate: 1000 } });
    expect((await t.app.templates.create(TEMPLATE)).ok).toBe(true);
    expect((await t.app.scenarios.create(SCENARIO, { activate: true })).ok).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('stops a message waiting at the gate when its address hard-bounces meanwhile', { timeout: 60_000 }, async () => {
    await t.app.ingest(
      ['ana', 'bea'].flatMap((user) => [
        { type: 'identify', userId: user, traits: { email: `${user}@example.com`, firstName: user }, timestamp: iso(NOW - 60_000), messageId: `${user}-id` },
        { type: 'track', userId: user, event: 'Signed Up', timestamp: iso(NOW), messageId: `${user}-signup` },
      ]),
      { receivedAt: NOW },
    );
    const running = t.app.runFollowUps();
    // Three reads of the list: both messages as they were composed (clear), and the first one at its hand-over. The
    // first now waits 600 ms for the relay's answer, holding the gate; the second waits at the gate, its last byte unsent.
    while (checks.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const address = ['ana@example.com', 'bea@example.com'].find((a) => checks.filter((c) => c.address === a).length === 1)!;
    const userId = address.split('@')[0]!;
    expect(smtp.received.map((m) => m.envelope.to[0])).not.toContain(address);
    // Its address bounces now (a DSN about an earlier message, say), and the change commits.
    const bounced = await t.app.ingest([{ type: 'track', userId, event: 'Email Bounced', properties: { bounceType: 'hard', diagnostic: '550 5.1.1 unknown user', source: 'dsn', recipient: address }, timestamp: iso(NOW + 1000), messageId: `${userId}-bounce` }], { receivedAt: NOW + 1000 });
    expect(bounced.accepted).toBe(1);
    await running;

    // The waiting message was checked a second time, found listed, and never reached the relay.
    expect(checks.filter((c) => c.address === address).map((c) => c.listed)).toEqual([false, true]);
    expect(smtp.received.map((m) => m.envelope.to[0])).not.toContain(address);
    const sends = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(sends.map((s) => s.status).sort()).toEqual(['sent', 'suppressed']);
    expect(sends.find((s) => s.status === 'suppressed')!.lastError).toMatch(/suppression list: it hard-bounced/);
    expect(smtp.received).toHaveLength(1);
  });
});
