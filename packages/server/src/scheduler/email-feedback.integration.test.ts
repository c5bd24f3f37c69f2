import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactId } from '@leadpulse/core';
import { webhookSigningSecret } from '../messaging/webhook-courier.js';
import { arfComplaint, dsnDelayed, dsnHardBounce, malformedDsn } from '../messaging/feedback-fixtures.js';
import { createLogger } from '../log/create-logger.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { pollFeedbackMaildir } from './poll-feedback-maildir.js';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const SECRET = 'feedback-test-secret-0123456789';
const iso = (at: number) => new Date(at).toISOString();
const SCENARIO = {
  key: 'test-feedback-email',
  name: 'Feedback test',
  trigger: { type: 'stage_entered', stage: 'hot' },
  steps: [{ id: 'email', type: 'send_email', template: 'test-feedback-email' }],
  exit: [],
  reentry: { policy: 'never' },
};
const TEMPLATE = {
  key: 'test-feedback-email',
  locale: 'en',
  channel: 'email',
  name: 'Feedback test',
  subject: 'Hello {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ contact.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>',
};

/** Signs a body as a provider would, per Standard Webhooks, `ageSeconds` before the test clock's now. */
const signed = (body: string, ageSeconds = 0, secret = SECRET) => {
  const at = new Date(NOW - ageSeconds * 1000);
  return { 'webhook-id': `msg_${body.length}_${ageSeconds}`, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(webhookSigningSecret(secret)).sign(`msg_${body.length}_${ageSeconds}`, at, body) };
};

describe.each(testDrivers(import.meta.url))('bounce and complaint reports on $name', (driver) => {
  let t: TestServer;
  let maildir: string | null = null;
  afterEach(async () => {
    await t?.close();
    if (maildir) rmSync(maildir, { recursive: true, force: true });
    maildir = null;
  });

  /** A server whose scenario has sent one email to each of these contacts (to the local mail sink). */
  const sendTo = async (...userIds: string[]) => {
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config: { secret: SECRET } });
    expect((await t.app.templates.create(TEMPLATE)).ok).toBe(true);
    expect((await t.app.scenarios.create(SCENARIO, { activate: true })).ok).toBe(true);
    for (const userId of userIds) {
      await t.app.ingest(
        [
          { type: 'identify', userId, traits: { email: `${userId}@example.fr`, firstName: 'Ana' }, timestamp: iso(NOW - 60_000), messageId: `${userId}-identify` },
          { type: 'track', userId, event: 'Demo Requested', timestamp: iso(NOW), messageId: `${userId}-demo` },
        ],
        { receivedAt: NOW },
      );
    }
    await t.app.runFollowUps();
    const sends = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(sends.map((s) => s.status)).toEqual(userIds.map(() => 'sent'));
    return new Map(sends.map((s) => [s.recipient!, s]));
  };
  const eventsOf = async (userId: string, name: string) => {
    const contact = await t.app.lookupContact({ userId });
    if (!contact.ok) throw new Error(`no contact ${userId}`);
    const timeline = await t.app.contactTimeline(contact.value.record.id as ContactId, { limit: 50 });
    if (!timeline.ok) throw new Error('no timeline');
    return timeline.value.flatMap((entry) => (entry.kind === 'event' && entry.event.name === name ? [entry.event.properties] : []));
  };
  const post = (body: string, headers: Record<string, string>, contentType = 'message/rfc822') => t.server.inject({ method: 'POST', url: '/api/v1/email/feedback', headers: { 'content-type': contentType, ...headers }, payload: body });
  const listed = async (query = '') => (await t.server.inject({ method: 'GET', url: `/api/v1/email/feedback${query}`, headers: { authorization: `Bearer ${t.adminToken}` } })).json() as { reports: { status: string; kind: string | null; reason: string | null; sendId: string | null; source: string; raw: string }[]; nextCursor: string | null };

  it('takes a signed DSN from a provider webhook: the send is bounced and the contact gets Email Bounced', async () => {
    const send = (await sendTo('u1')).get('u1@example.fr')!;
    const body = dsnHardBounce(send.messageId, 'u1@example.fr');
    const response = await post(body, signed(body));
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({ status: 'parsed', kind: 'bounce', sendId: send.id, reason: null });
    const after = await t.app.outbox.get(send.id);
    expect(after.ok && after.value.status).toBe('bounced');
    expect(await eventsOf('u1', 'Email Bounced')).toEqual([
      { bounceType: 'hard', diagnostic: expect.stringMatching(/^550 5\.1\.1 <u1@example\.fr>: Recipient address rejected/), status: '5.1.1', source: 'dsn', sendId: send.id, messageId: send.messageId, recipient: 'u1@example.fr', scenarioId: send.scenarioId, stepId: 'email' },
    ]);
    // The provider retries the same report: still one event.
    expect((await post(body, signed(body))).statusCode).toBe(202);
    expect(await eventsOf('u1', 'Email Bounced')).toHaveLength(1);
  });

  it('takes an ARF complaint as JSON with a raw field: the send is complained and the contact gets Email Complained', async () => {
    const send = (await sendTo('u2')).get('u2@example.fr')!;
    const body = JSON.stringify({ raw: arfComplaint(send.messageId, 'u2@example.fr') });
    const response = await post(body, signed(body), 'application/json');
    expect(response.json()).toMatchObject({ status: 'parsed', kind: 'complaint', sendId: send.id });
    const after = await t.app.outbox.get(send.id);
    expect(after.ok && after.value.status).toBe('complained');
    expect(await eventsOf('u2', 'Email Complained')).toEqual([{ feedbackType: 'abuse', source: 'arf', sendId: send.id, messageId: send.messageId, recipient: 'u2@example.fr', scenarioId: send.scenarioId, stepId: 'email' }]);
  });

  it('refuses a bad, missing or expired signature with 401 and changes nothing', async () => {
    const send = (await sendTo('u3')).get('u3@example.fr')!;
    const body = dsnHardBounce(send.messageId, 'u3@example.fr');
    const cases = [
      signed(body, 0, 'another-secret-0123456789abcdef'),
      {},
      signed(body, 6 * 60),
      { ...signed(body), 'webhook-timestamp': String(Math.floor(NOW / 1000) + 1) },
      signed(`${body} `),
    ];
    for (const headers of cases) {
      const response = await post(body, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_signature', message: expect.any(String) } });
    }
    const after = await t.app.outbox.get(send.id);
    expect(after.ok && after.value.status).toBe('sent');
    expect((await listed()).reports).toEqual([]);
    expect(await eventsOf('u3', 'Email Bounced')).toEqual([]);
  });

  it('keeps a malformed report as unparsed with the reason, one naming no send as unmatched, and lists them page by page', async () => {
    await sendTo('u4');
    for (const body of [malformedDsn, dsnHardBounce('<nobody@elsewhere.example>', 'stranger@example.net'), 'not an email at all']) expect((await post(body, signed(body))).statusCode).toBe(202);
    const first = await listed('?limit=2');
    expect(first.reports.map((r) => [r.status, r.kind, r.source])).toEqual([
      ['unparsed', null, 'webhook'],
      ['unmatched', 'bounce', 'webhook'],
    ]);
    expect(first.reports[0]!.reason).toMatch(/expected a multipart\/report/);
    expect(first.reports[1]!.reason).toMatch(/no send has the original Message-ID or the recipient/);
    const second = await listed(`?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.reports.map((r) => [r.status, r.reason])).toEqual([['unparsed', expect.stringMatching(/neither a message\/delivery-status part/)]]);
    expect(second.reports[0]!.raw).toContain('Something went wrong with your message');
    expect(second.nextCursor).toBeNull();
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/email/feedback' })).statusCode).toBe(401);
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/email/feedback?status=lost', headers: { authorization: `Bearer ${t.adminToken}` } })).statusCode).toBe(400);
  });

  it('reads the bounce Maildir: a delayed DSN matched by recipient is a soft bounce, each report moves to cur/', async () => {
    const sends = await sendTo('u5', 'u6');
    maildir = mkdtempSync(join(tmpdir(), 'leadpulse-maildir-'));
    mkdirSync(join(maildir, 'new'), { recursive: true });
    writeFileSync(join(maildir, 'new', '1764579600.M1P1.mx'), dsnDelayed('U5@Example.fr'));
    writeFileSync(join(maildir, 'new', '1764579601.M2P1.mx'), arfComplaint(sends.get('u6@example.fr')!.messageId, 'u6@example.fr'));
    writeFileSync(join(maildir, 'new', '1764579602.M3P1.mx'), malformedDsn);
    writeFileSync(join(maildir, 'new', '.1764579603.M4P1.mx'), 'still being delivered');

    const poller = pollFeedbackMaildir({ app: t.app, dir: maildir, intervalMs: 20, logger: createLogger('silent') });
    try {
      for (let i = 0; i < 200 && (!existsSync(join(maildir, 'cur')) || readdirSync(join(maildir, 'cur')).length < 3); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      await poller.stop();
    }
    expect(readdirSync(join(maildir, 'cur')).sort()).toEqual(['1764579600.M1P1.mx:2,S', '1764579601.M2P1.mx:2,S', '1764579602.M3P1.mx:2,S']);
    expect(readdirSync(join(maildir, 'new'))).toEqual(['.1764579603.M4P1.mx']);

    // Delayed: the message may still arrive, so the send keeps its status; the contact hears of the soft bounce.
    const u5 = await t.app.outbox.get(sends.get('u5@example.fr')!.id);
    expect(u5.ok && u5.value.status).toBe('sent');
    expect(await eventsOf('u5', 'Email Bounced')).toEqual([expect.objectContaining({ bounceType: 'soft', status: '4.4.7', source: 'dsn' })]);
    const u6 = await t.app.outbox.get(sends.get('u6@example.fr')!.id);
    expect(u6.ok && u6.value.status).toBe('complained');
    expect((await listed()).reports.map((r) => [r.source, r.status]).sort()).toEqual([
      ['maildir', 'parsed'],
      ['maildir', 'parsed'],
      ['maildir', 'unparsed'],
    ]);
    expect(existsSync(join(maildir, 'tmp'))).toBe(false);
  });
});
