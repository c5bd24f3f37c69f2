import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContactId } from '@leadpulse/core';
import { RETRY_DELAYS_MS } from '../app/scenarios/outbox.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (at: number) => new Date(at).toISOString();
const SCENARIO = {
  key: 'test-hot-email',
  name: 'Hot lead email',
  trigger: { type: 'stage_entered', stage: 'hot' },
  steps: [{ id: 'email', type: 'send_email', template: 'test-bounce-email' }],
  exit: [],
  reentry: { policy: 'never' },
};
const TEMPLATE = {
  key: 'test-bounce-email',
  locale: 'en',
  channel: 'email',
  name: 'Bounce test',
  subject: 'Hello {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ contact.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>',
};

describe.each(testDrivers(import.meta.url))('SMTP bounces on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => smtp.close());
  afterEach(async () => t?.close());

  /** A hot contact with one email queued by the scenario. */
  const queueOne = async (userId: string) => {
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>' } });
    expect((await t.app.templates.create(TEMPLATE)).ok).toBe(true);
    expect((await t.app.scenarios.create(SCENARIO, { activate: true })).ok).toBe(true);
    await t.app.ingest(
      [
        { type: 'identify', userId, traits: { email: `${userId}@example.com`, firstName: 'Ada' }, timestamp: iso(NOW - 60_000), messageId: `${userId}-identify` },
        { type: 'track', userId, event: 'Demo Requested', timestamp: iso(NOW), messageId: `${userId}-demo` },
      ],
      { receivedAt: NOW },
    );
    const [send] = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(send).toMatchObject({ channel: 'email', status: 'queued' });
    return send!;
  };
  const bouncesOf = async (userId: string) => {
    const contact = await t.app.lookupContact({ userId });
    if (!contact.ok) throw new Error('contact not found');
    const timeline = await t.app.contactTimeline(contact.value.record.id as ContactId, { limit: 50 });
    if (!timeline.ok) throw new Error('timeline not found');
    return timeline.value.flatMap((entry) => (entry.kind === 'event' && entry.event.name === 'Email Bounced' ? [entry.event.properties] : []));
  };

  it('records a 550 5.1.1 at RCPT as a hard bounce at once, with an Email Bounced event on the contact', async () => {
    smtp.setMode({ kind: 'reject_rcpt', code: 550, message: '5.1.1 <u1@example.com>: Recipient address rejected: User unknown' });
    const send = await queueOne('u1');
    await t.app.runFollowUps();
    const after = await t.app.outbox.get(send.id);
    expect(after.ok && after.value).toMatchObject({ status: 'bounced', attempts: 1, lastError: expect.stringMatching(/550/) });
    expect(await bouncesOf('u1')).toEqual([
      { bounceType: 'hard', diagnostic: expect.stringMatching(/^550 5\.1\.1 .*User unknown/), status: '5.1.1', source: 'smtp', sendId: send.id, messageId: send.messageId, recipient: 'u1@example.com', scenarioId: send.scenarioId, stepId: 'email' },
    ]);
    expect(smtp.attempts).toBe(0);
  });

  it('retries a 451 at RCPT, and soft-bounces it once every retry was refused', async () => {
    smtp.setMode({ kind: 'reject_rcpt', code: 451, message: '4.2.0 Mailbox temporarily unavailable' });
    const send = await queueOne('u2');
    await t.app.runFollowUps();
    const retried = await t.app.outbox.get(send.id);
    expect(retried.ok && retried.value).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: NOW + RETRY_DELAYS_MS[0] });
    expect(await bouncesOf('u2')).toEqual([]);

    for (const delay of RETRY_DELAYS_MS) {
      t.clock.advance(delay);
      await t.app.runFollowUps();
    }
    const final = await t.app.outbox.get(send.id);
    expect(final.ok && final.value).toMatchObject({ status: 'bounced', attempts: RETRY_DELAYS_MS.length + 1 });
    expect(await bouncesOf('u2')).toEqual([expect.objectContaining({ bounceType: 'soft', status: '4.2.0', source: 'smtp', sendId: send.id })]);
  });

  it('does not call a sender refused by the relay a bounce: the send is a dead letter', async () => {
    smtp.setMode({ kind: 'reject_sender' });
    const send = await queueOne('u3');
    await t.app.runFollowUps();
    const after = await t.app.outbox.get(send.id);
    expect(after.ok && after.value.status).toBe('failed');
    expect(await bouncesOf('u3')).toEqual([]);
  });
});
