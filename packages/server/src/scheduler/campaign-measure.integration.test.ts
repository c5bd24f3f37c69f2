import { campaignGroup, MINUTE, HOUR } from '@leadpulse/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_GROUP_REASON } from '../app/scenarios/effect-rows.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (at: number) => new Date(at).toISOString();
const CONTACTS = 40;

const WELCOME = {
  key: 'measured-welcome',
  name: 'Measured welcome',
  trigger: { type: 'event', event: 'Signed Up' },
  controlGroup: { percent: 50 },
  steps: [
    { id: 'wait', type: 'wait', duration: '1h' },
    {
      id: 'welcome',
      type: 'send_email',
      template: 'welcome-a',
      variants: [
        { id: 'a', template: 'welcome-a' },
        { id: 'b', template: 'welcome-b', subject: 'Short hello {{ contact.firstName }}' },
      ],
    },
  ],
  exit: [],
  reentry: { policy: 'never' },
};
const template = (key: string, subject: string) => ({
  key,
  locale: 'en',
  channel: 'email',
  name: key,
  subject,
  body: `<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ contact.firstName }} (${key})</mj-text></mj-column></mj-section></mj-body></mjml>`,
});

describe.each(testDrivers(import.meta.url))('measured scenarios on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => smtp.close());
  afterEach(async () => t?.close());

  it('runs the control group through the steps but sends it nothing, splits the variants, and reports both sides', async () => {
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>' } });
    for (const body of [template('welcome-a', 'Welcome {{ contact.firstName }}'), template('welcome-b', 'unused subject')]) expect((await t.app.templates.create(body)).ok).toBe(true);
    const created = await t.app.scenarios.create(WELCOME, { activate: true });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const scenarioId = created.ok ? created.value.id : '';

    const events = Array.from({ length: CONTACTS }, (_, i) => [
      { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com`, firstName: `Ada${i}` }, timestamp: iso(NOW - MINUTE), messageId: `id-${i}` },
      { type: 'track', userId: `u${i}`, event: 'Signed Up', properties: {}, timestamp: iso(NOW), messageId: `su-${i}` },
    ]).flat();
    expect((await t.app.ingest(events, { receivedAt: NOW })).accepted).toBe(CONTACTS * 2);

    t.clock.advance(HOUR + MINUTE);
    await t.app.runFollowUps();
    await t.app.runFollowUps();

    const sends = (await t.app.outbox.list({ limit: 200 })).sends.filter((s) => s.scenarioId === scenarioId);
    expect(sends).toHaveLength(CONTACTS);
    const control = sends.filter((s) => campaignGroup(scenarioId, s.contactId, 50) === 'control');
    const treated = sends.filter((s) => campaignGroup(scenarioId, s.contactId, 50) === 'treated');
    expect(control.length).toBeGreaterThan(5);
    expect(treated.length).toBeGreaterThan(5);
    // The control group's messages are held out: suppressed with the reason, and never on the wire.
    for (const send of control) expect([send.status, send.lastError, send.payload['group']]).toEqual(['suppressed', CONTROL_GROUP_REASON, 'control']);
    for (const send of treated) expect(send.status).toBe('sent');
    const controlAddresses = new Set(control.map((s) => s.recipient));
    expect(smtp.received.length).toBe(treated.length);
    expect(smtp.received.filter((m) => m.envelope.to.some((to) => controlAddresses.has(to)))).toEqual([]);
    // Each treated enrolment got the template and subject of its variant.
    const variantB = treated.filter((s) => s.payload['variant'] === 'b');
    expect(variantB.length).toBeGreaterThan(0);
    expect(variantB.every((s) => s.payload['template'] === 'welcome-b')).toBe(true);
    expect(smtp.received.filter((m) => m.parsed.subject?.startsWith('Short hello')).length).toBe(variantB.length);

    // A human click on one treated send, and a purchase by a treated contact within the horizon.
    const clicked = treated[0]!;
    await t.store.sends.setStatusByMessageId(clicked.messageId, 'clicked', t.clock.now().getTime());
    const buyer = await t.store.contacts.get(clicked.contactId);
    const purchase = { type: 'track', userId: buyer!.userId, event: 'Order Completed', properties: { revenue: 120 }, timestamp: iso(t.clock.now().getTime()), messageId: 'order-1' };
    expect((await t.app.ingest([purchase], { receivedAt: t.clock.now().getTime() })).accepted).toBe(1);

    const get = (url: string, headers: Record<string, string> = {}) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}`, ...headers } });
    const response = await get('/api/v1/reports/scenarios?from=2026-11-01&to=2026-11-30&horizon=30d');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    const measured = report.scenarios.find((s: { scenarioId: string }) => s.scenarioId === scenarioId);
    expect(measured.key).toBe('measured-welcome');
    expect(measured.enrolled).toEqual({ treated: treated.length, control: control.length });
    const steps = measured.steps as { variant: string; counts: Record<string, number>; heldOut: number }[];
    expect(steps.reduce((n, s) => n + s.counts.sent, 0)).toBe(treated.length);
    expect(steps.reduce((n, s) => n + s.heldOut, 0)).toBe(control.length);
    expect(steps.reduce((n, s) => n + s.counts.clicked, 0)).toBe(1);
    expect(steps.reduce((n, s) => n + s.counts.opened, 0)).toBe(1);
    expect(steps.find((s) => s.variant === 'b')!.counts.sent).toBe(variantB.length);
    expect(measured.outcome.treated.purchased).toBe(1);
    expect(measured.outcome.treated.revenue.sum).toBe(120);
    expect(measured.outcome.control.purchased).toBe(0);
    expect(measured.outcome.warning).toMatch(/too small to conclude/);
    expect(measured.variants[0].winner).toBeNull();

    for (const csv of [await get('/api/v1/reports/scenarios?from=2026-11-01&to=2026-11-30&format=csv'), await get('/api/v1/reports/scenarios?from=2026-11-01&to=2026-11-30', { accept: 'text/csv' })]) {
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.body.trim().split('\n');
      expect(lines[0]).toMatch(/^scenario,step,template,variant,sent,delivered,human_opens,clicks/);
      expect(lines.filter((l) => l.startsWith('measured-welcome,welcome,')).length).toBe(2);
    }
    expect((await get('/api/v1/reports/scenarios?horizon=soon')).statusCode).toBe(400);
    // The outcome is kept for fixed horizons: another is refused, naming the ones there are.
    const unkept = await get('/api/v1/reports/scenarios?from=2026-11-01&to=2026-11-30&horizon=45d');
    expect(unkept.statusCode).toBe(400);
    expect(unkept.json().error).toMatchObject({ code: 'invalid_query', message: expect.stringContaining('7d, 14d, 30d, 60d, 90d') });
    expect((await get('/api/v1/reports/scenarios?from=2026-11-01&to=2026-11-30&horizon=90d')).statusCode).toBe(200);
  });
});
