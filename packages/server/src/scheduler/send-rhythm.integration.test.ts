import { MINUTE } from '@leadpulse/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';

const iso = (at: number) => new Date(at).toISOString();
const TEMPLATE = {
  key: 'test-rhythm-email',
  locale: 'en',
  channel: 'email',
  name: 'Rhythm',
  subject: 'Hello {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ contact.firstName }}.</mj-text></mj-column></mj-section></mj-body></mjml>',
};
/** On a demo request: a sales alert to the owner, and an email to the contact. */
const DEMO = {
  key: 'test-demo-rhythm',
  name: 'Demo request',
  trigger: { type: 'event', event: 'Demo Requested' },
  steps: [
    { id: 'alert', type: 'sales_alert', to: 'owner' },
    { id: 'email', type: 'send_email', template: 'test-rhythm-email' },
  ],
  exit: [],
  reentry: { policy: 'always' },
};
/** A second journey, on a form: one more email to the same contact. */
const FORM = { key: 'test-form-rhythm', name: 'Form', trigger: { type: 'event', event: 'Form Submitted' }, steps: [{ id: 'thanks', type: 'send_email', template: 'test-rhythm-email' }], exit: [], reentry: { policy: 'always' } };
const NIGHT = { quietHours: { from: '21:00', to: '08:00' }, defaultTimeZone: 'Europe/Paris' };

describe.each(testDrivers(import.meta.url))('sending rhythm on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.setMode({ kind: 'accept' });
  });
  afterAll(async () => smtp.close());
  afterEach(async () => t?.close());

  /** A server at `now` whose doctrine carries `sending` (and, for the hot stage, `hotFollowUp`), with the scenarios active. */
  const start = async (now: number, sending: unknown, scenarios: readonly unknown[], hotFollowUp?: unknown) => {
    t = await createTestServer({ now, store: await driver.createStore(), config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>' } });
    expect((await t.app.templates.create(TEMPLATE)).ok).toBe(true);
    const doctrine = structuredClone((await t.app.getDoctrine()).doctrine) as unknown as { stages: { key: string; followUp?: unknown }[]; sending?: unknown };
    doctrine.sending = sending;
    if (hotFollowUp) doctrine.stages.find((s) => s.key === 'hot')!.followUp = hotFollowUp;
    const saved = await t.app.putDoctrine(doctrine, {});
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    const ids: string[] = [];
    for (const scenario of scenarios) {
      const created = await t.app.scenarios.create(scenario, { activate: true });
      if (!created.ok) throw new Error(created.error.message);
      ids.push(created.value.id);
    }
    return ids;
  };
  const identify = (userId: string, at: number, traits: Record<string, unknown> = {}) => ({ type: 'identify', userId, traits: { email: `${userId}@example.com`, firstName: 'Ada', owner: 'owner@example.com', ...traits }, timestamp: iso(at), messageId: `${userId}-identify` });
  const track = (userId: string, event: string, at: number) => ({ type: 'track', userId, event, properties: {}, timestamp: iso(at), messageId: `${userId}-${event}-${at}` });
  const sends = async () => (await t.app.outbox.list({ limit: 20 })).sends;
  const to = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));

  it('queues an email decided at 23:00 in Paris for 08:00 the next morning, across the spring clock change, and never delays the sales alert', async () => {
    // Saturday 28 March 2026, 23:00 CET; that night Paris moves to CEST, so 08:00 on Sunday is 06:00 UTC.
    const now = Date.parse('2026-03-28T22:00:00Z');
    await start(now, NIGHT, [DEMO]);
    await t.app.ingest([identify('u1', now - MINUTE), track('u1', 'Demo Requested', now)], { receivedAt: now });
    const decided = await sends();
    expect(decided.map((s) => [s.channel, s.status, iso(s.nextAttemptAt!)]).sort()).toEqual([
      ['alert', 'queued', iso(now)],
      ['email', 'queued', '2026-03-29T06:00:00.000Z'],
    ]);

    await t.app.runFollowUps();
    await smtp.waitFor(1);
    expect(to('owner@example.com')).toHaveLength(1);
    expect(to('u1@example.com')).toEqual([]);

    t.clock.set(Date.parse('2026-03-29T05:59:00Z'));
    await t.app.runFollowUps();
    expect(to('u1@example.com')).toEqual([]);
    t.clock.set(Date.parse('2026-03-29T06:00:00Z'));
    await t.app.runFollowUps();
    await smtp.waitFor(2);
    expect(to('u1@example.com')).toHaveLength(1);
    expect((await sends()).every((s) => s.status === 'sent')).toBe(true);
  });

  it("reads the quiet hours on the contact's own clock: a timezone trait wins over the doctrine's default, across New York's autumn change", async () => {
    // Saturday 31 October 2026, 23:30 in New York (EDT); it falls back that night, so 08:00 on Sunday is EST, 13:00 UTC.
    const now = Date.parse('2026-11-01T03:30:00Z');
    await start(now, NIGHT, [DEMO]);
    await t.app.ingest([identify('u2', now - MINUTE, { timezone: 'America/New_York' }), track('u2', 'Demo Requested', now)], { receivedAt: now });
    const email = (await sends()).find((s) => s.channel === 'email')!;
    expect(iso(email.nextAttemptAt!)).toBe('2026-11-01T13:00:00.000Z');
  });

  it('holds a retry that comes due in quiet hours until the window opens, its attempts unchanged', async () => {
    // Wednesday 10 June 2026, 20:59:30 in Paris: the first try fails for a moment; the retry, a minute later, is at night.
    const now = Date.parse('2026-06-10T18:59:30Z');
    await start(now, NIGHT, [DEMO]);
    smtp.setMode({ kind: 'reject_rcpt', code: 451, message: '4.3.0 Try again later' });
    await t.app.ingest([identify('u3', now - MINUTE), track('u3', 'Demo Requested', now)], { receivedAt: now });
    await t.app.runFollowUps();
    smtp.setMode({ kind: 'accept' });
    t.clock.advance(2 * MINUTE);
    await t.app.runFollowUps();
    const email = (await sends()).find((s) => s.recipient === 'u3@example.com')!;
    expect([email.status, email.attempts, iso(email.nextAttemptAt!)]).toEqual(['queued', 1, '2026-06-11T06:00:00.000Z']);
    expect(to('u3@example.com')).toEqual([]);
    t.clock.set(Date.parse('2026-06-11T06:00:00Z'));
    await t.app.runFollowUps();
    await smtp.waitFor(1);
    expect(to('u3@example.com')).toHaveLength(1);
  });

  it("stops a second scenario's email once the doctrine's cap per channel is reached, every scenario together", async () => {
    const now = Date.parse('2026-06-10T08:00:00Z');
    const [, form] = await start(now, { caps: { email: { messages: 1, within: '30d' }, sms: { messages: 0, within: '30d' } } }, [DEMO, FORM]);
    await t.app.ingest([identify('u4', now - MINUTE), track('u4', 'Demo Requested', now)], { receivedAt: now });
    t.clock.advance(MINUTE);
    await t.app.ingest([track('u4', 'Form Submitted', now + MINUTE)], { receivedAt: now + MINUTE });
    expect((await sends()).map((s) => [s.channel, s.stepId]).sort()).toEqual([
      ['alert', 'alert'],
      ['email', 'email'],
    ]);
    const enrolments = await t.app.scenarios.enrolments(form!, { limit: 5 });
    const history = enrolments.ok ? enrolments.value.enrolments[0]!.history : [];
    expect(history.find((line) => line.what === 'capped')?.detail).toBe('1 email messages within 30d (sending policy)');
  });

  it("holds the hot stage's own cap per channel across scenarios", async () => {
    const now = Date.parse('2026-06-10T08:00:00Z');
    await start(now, { caps: { email: { messages: 10, within: '30d' } } }, [DEMO, FORM], { caps: { email: { messages: 1, within: '1d' } } });
    await t.app.ingest([identify('u5', now - MINUTE), track('u5', 'Demo Requested', now)], { receivedAt: now });
    await t.app.ingest([track('u5', 'Form Submitted', now + MINUTE)], { receivedAt: now + MINUTE });
    expect((await sends()).filter((s) => s.channel === 'email').map((s) => s.stepId)).toEqual(['email']);
  });
});
