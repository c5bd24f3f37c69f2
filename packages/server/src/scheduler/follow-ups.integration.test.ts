import { DAY, HOUR, MINUTE } from '@leadpulse/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (at: number) => new Date(at).toISOString();

const HOT_ALERT = {
  key: 'test-hot-alert',
  name: 'Hot lead alert',
  trigger: { type: 'stage_entered', stage: 'hot' },
  steps: [
    { id: 'alert', type: 'sales_alert', to: 'owner' },
    { id: 'email', type: 'send_email', template: 'test-owner-email' },
  ],
  exit: [{ type: 'event', event: 'Order Completed' }],
  reentry: { policy: 'after', cooldown: '30d' },
};
const WARM_FOLLOW_UP = {
  key: 'test-warm-follow-up',
  name: 'Warm follow-up',
  trigger: { type: 'stage_entered', stage: 'warm' },
  steps: [
    { id: 'wait-1d', type: 'wait', duration: '1d' },
    { id: 'email', type: 'send_email', template: 'test-owner-email' },
    { id: 'wait-reply', type: 'wait', event: 'Form Submitted', timeout: '5d', onTimeout: 'task' },
    { id: 'done', type: 'exit' },
    { id: 'task', type: 'task', title: 'Call this prospect', assignee: 'owner', due: '2d' },
  ],
  exit: [{ type: 'stage', stage: 'client' }],
  reentry: { policy: 'never' },
};
const TEMPLATE = {
  key: 'test-owner-email',
  locale: 'en',
  channel: 'email',
  name: 'Owner follow-up',
  subject: 'Hello {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ contact.firstName }}, {{ owner.name }} here.</mj-text></mj-column></mj-section></mj-body></mjml>',
};

describe.each(testDrivers(import.meta.url))('follow-up scenarios on $name', (driver) => {
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

  const start = async () => {
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>' } });
    const template = await t.app.templates.create(TEMPLATE);
    expect(template.ok, JSON.stringify(template)).toBe(true);
  };
  const track = (userId: string, event: string, at: number, properties: Record<string, unknown> = {}) => ({ type: 'track', userId, event, properties, timestamp: iso(at), messageId: `${userId}-${event}-${at}` });
  const identify = (userId: string, at: number) => ({ type: 'identify', userId, traits: { email: `${userId}@example.com`, firstName: 'Ada', owner: 'owner@example.com', ownerName: 'Olivia' }, timestamp: iso(at), messageId: `${userId}-identify` });

  it('puts the sales alert for a move to hot in the outbox in the same commit, and delivers it once over SMTP', async () => {
    await start();
    const created = await t.app.scenarios.create(HOT_ALERT, { activate: true });
    expect(created.ok).toBe(true);
    const result = await t.app.ingest([identify('u1', NOW - MINUTE), track('u1', 'Demo Requested', NOW)], { receivedAt: NOW });
    expect(result.accepted).toBe(2);

    // Decided with the move, before any scheduler tick.
    const queued = await t.app.outbox.list({ limit: 10 });
    expect(queued.sends.map((s) => [s.channel, s.status, s.recipient])).toEqual(expect.arrayContaining([['alert', 'queued', 'owner@example.com'], ['email', 'queued', 'u1@example.com']]));

    expect(t.app.outbox.local).toBe(false);
    const ran = await t.app.runFollowUps();
    expect(ran.delivered).toBe(2);
    const received = await smtp.waitFor(2);
    const alert = received.find((m) => m.envelope.to.includes('owner@example.com'))!;
    expect(alert.parsed.subject).toContain('u1@example.com');
    expect(alert.parsed.text).toMatch(/demo/i);
    const sends = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(sends.every((s) => s.status === 'sent')).toBe(true);
    expect(received.map((m) => m.messageId).sort()).toEqual(sends.map((s) => s.messageId).sort());

    // A second tick sends nothing more; the same events again enrol nobody twice.
    await t.app.ingest([identify('u1', NOW - MINUTE), track('u1', 'Demo Requested', NOW)], { receivedAt: NOW });
    expect((await t.app.runFollowUps()).delivered).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('waits, sends, then creates a task when the awaited event does not come, each due step once', async () => {
    await start();
    const scenario = await t.app.scenarios.create(WARM_FOLLOW_UP, { activate: true });
    if (!scenario.ok) throw new Error(scenario.error.message);
    await t.app.ingest([identify('u2', NOW - MINUTE), track('u2', 'Form Submitted', NOW)], { receivedAt: NOW });
    const enrolments = await t.app.scenarios.enrolments(scenario.value.id, { limit: 10 });
    expect(enrolments.ok && enrolments.value.enrolments.map((e) => [e.status, e.position.stepId])).toEqual([['active', 'wait-1d']]);

    t.clock.advance(DAY + MINUTE);
    await t.app.runFollowUps();
    expect(smtp.received.filter((m) => m.envelope.to.includes('u2@example.com'))).toHaveLength(1);

    t.clock.advance(5 * DAY + HOUR);
    await t.app.runFollowUps();
    await t.app.runFollowUps();
    const tasks = await t.app.tasks.list({ limit: 10 });
    expect(tasks.map((task) => [task.title, task.assignee, task.status])).toEqual([['Call this prospect', 'owner@example.com', 'open']]);
    expect(smtp.received.filter((m) => m.envelope.to.includes('u2@example.com'))).toHaveLength(1);

    // Completing the task comes back as an event on the contact.
    const done = await t.app.tasks.update(tasks[0]!.id, { status: 'done' }, 'owner@example.com');
    expect(done.ok && done.value.status).toBe('done');
    const contact = await t.app.lookupContact({ userId: 'u2' });
    const timeline = contact.ok ? await t.app.contactTimeline(contact.value.record.id, { limit: 50 }) : null;
    expect(timeline?.ok && timeline.value.some((e) => e.kind === 'event' && e.event.name === 'Task Completed')).toBe(true);
    expect(timeline?.ok && timeline.value.some((e) => e.kind === 'send')).toBe(true);
  });

  it('moves tasks and enrolments to the known contact when an anonymous visitor is merged into it', async () => {
    await start();
    const demo = { key: 'test-demo-task', name: 'Demo task', trigger: { type: 'event', event: 'Demo Requested' }, steps: [{ id: 'call', type: 'task', title: 'Call back', assignee: { email: 'team@example.com' }, due: '1d' }, { id: 'later', type: 'wait', duration: '7d' }], exit: [], reentry: { policy: 'never' } };
    expect((await t.app.scenarios.create(demo, { activate: true })).ok).toBe(true);
    await t.app.ingest([identify('u7', NOW - HOUR)], { receivedAt: NOW });
    await t.app.ingest([{ type: 'track', anonymousId: 'a7', event: 'Demo Requested', timestamp: iso(NOW - MINUTE), messageId: 'a7-demo' }], { receivedAt: NOW });
    await t.app.ingest([{ type: 'identify', userId: 'u7', anonymousId: 'a7', traits: {}, timestamp: iso(NOW), messageId: 'u7-a7' }], { receivedAt: NOW });
    const known = await t.app.lookupContact({ userId: 'u7' });
    if (!known.ok) throw new Error(known.error.message);
    const followUps = await t.app.contactFollowUps(known.value.record.id);
    expect(followUps.enrolments.map((e) => [e.status, e.position.stepId])).toEqual([['active', 'later']]);
    expect((await t.app.tasks.list({ contactId: known.value.record.id, limit: 10 })).map((task) => task.title)).toEqual(['Call back']);
  });

  it('holds a paused scenario, and resumes a rhythm at its next occurrence with one send, never a burst', async () => {
    await start();
    const weekly = { key: 'test-weekly', name: 'Weekly', trigger: { type: 'recurring', every: '7d', from: 'enrolment', event: 'Signed Up' }, steps: [{ id: 'news', type: 'send_email', template: 'test-owner-email' }], exit: [], reentry: { policy: 'never' } };
    const created = await t.app.scenarios.create(weekly, { activate: true });
    if (!created.ok) throw new Error(created.error.message);
    await t.app.ingest([identify('u8', NOW - MINUTE), track('u8', 'Signed Up', NOW)], { receivedAt: NOW });
    t.clock.advance(7 * DAY + MINUTE);
    await t.app.runFollowUps();
    expect(smtp.received).toHaveLength(1);

    await t.app.scenarios.pause(created.value.id);
    t.clock.advance(30 * DAY);
    await t.app.runFollowUps();
    expect(smtp.received).toHaveLength(1);

    await t.app.scenarios.activate(created.value.id);
    await t.app.runFollowUps();
    await t.app.runFollowUps();
    expect(smtp.received).toHaveLength(2);
    t.clock.advance(7 * DAY);
    await t.app.runFollowUps();
    expect(smtp.received).toHaveLength(3);
  });

  it('sends again each time a journey loops back through a wait (a monthly nurture), once per visit', async () => {
    await start();
    const looping = { key: 'test-loop', name: 'Loop', trigger: { type: 'event', event: 'Signed Up' }, steps: [{ id: 'news', type: 'send_email', template: 'test-owner-email' }, { id: 'month', type: 'wait', duration: '30d', next: 'news' }], exit: [], reentry: { policy: 'never' } };
    expect((await t.app.scenarios.create(looping, { activate: true })).ok).toBe(true);
    await t.app.ingest([identify('u11', NOW - MINUTE), track('u11', 'Signed Up', NOW)], { receivedAt: NOW });
    await t.app.runFollowUps();
    for (let month = 1; month <= 2; month++) {
      t.clock.advance(30 * DAY + MINUTE);
      await t.app.runFollowUps();
      await t.app.runFollowUps();
    }
    const sends = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(sends.map((s) => s.status)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(3);
  });

  it('moves running enrolments to a new version by step id, or leaves them on theirs', async () => {
    await start();
    const created = await t.app.scenarios.create(WARM_FOLLOW_UP, { activate: true });
    if (!created.ok) throw new Error(created.error.message);
    await t.app.ingest([identify('u9', NOW - MINUTE), track('u9', 'Form Submitted', NOW)], { receivedAt: NOW });
    const v2 = { ...WARM_FOLLOW_UP, steps: [{ id: 'wait-1d', type: 'wait', duration: '2d' }, { id: 'task', type: 'task', title: 'Call now', assignee: 'owner', due: '1d' }] };
    expect((await t.app.scenarios.update(created.value.id, v2, { migrate: 'keep' })).ok).toBe(true);
    const kept = await t.app.scenarios.enrolments(created.value.id, { limit: 5 });
    expect(kept.ok && kept.value.enrolments.map((e) => e.scenarioVersion)).toEqual([1]);
    expect((await t.app.scenarios.update(created.value.id, v2)).ok).toBe(true);
    const moved = await t.app.scenarios.enrolments(created.value.id, { limit: 5 });
    expect(moved.ok && moved.value.enrolments.map((e) => [e.scenarioVersion, e.position.stepId])).toEqual([[3, 'wait-1d']]);
    t.clock.advance(DAY + HOUR);
    await t.app.runFollowUps();
    expect(await t.app.tasks.list({ limit: 5 })).toEqual([]);
    t.clock.advance(2 * DAY);
    await t.app.runFollowUps();
    expect((await t.app.tasks.list({ limit: 5 })).map((task) => task.title)).toEqual(['Call now']);
  });

  it("enrols a contact entering a stage in the scenario the doctrine names for it, and holds the stage's frequency cap", async () => {
    await start();
    const emailer = { key: 'test-emailer', name: 'Two emails', trigger: { type: 'event', event: 'Never Sent' }, steps: [{ id: 'one', type: 'send_email', template: 'test-owner-email' }, { id: 'two', type: 'send_email', template: 'test-owner-email' }], exit: [], reentry: { policy: 'never' } };
    expect((await t.app.scenarios.create(emailer, { activate: true })).ok).toBe(true);
    const doctrine = structuredClone((await t.app.getDoctrine()).doctrine) as unknown as { stages: { key: string; followUp?: unknown }[] };
    doctrine.stages.find((s) => s.key === 'hot')!.followUp = { scenario: 'test-emailer', frequencyCap: { messages: 1, within: '7d' } };
    const saved = await t.app.putDoctrine(doctrine, {});
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    await t.app.ingest([identify('u10', NOW - MINUTE), track('u10', 'Demo Requested', NOW)], { receivedAt: NOW });
    const sends = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(sends.map((s) => [s.stepId, s.status])).toEqual([['one', 'queued']]);
  });

  it('follows up a move made today even when a merge walks the history again through an older move to the same stage', async () => {
    await start();
    await t.app.scenarios.create(HOT_ALERT, { activate: true });
    // An anonymous visitor was hot 60 days ago; a known contact exists; today the visitor asks for a demo and identifies.
    await t.app.ingest([identify('u12', NOW - 90 * DAY)], { receivedAt: NOW - 90 * DAY });
    await t.app.ingest([{ type: 'track', anonymousId: 'a12', event: 'Demo Requested', timestamp: iso(NOW - 60 * DAY), messageId: 'a12-old' }], { receivedAt: NOW });
    await t.app.ingest([{ type: 'track', anonymousId: 'a12', event: 'Demo Requested', timestamp: iso(NOW - MINUTE), messageId: 'a12-new' }, { type: 'identify', userId: 'u12', anonymousId: 'a12', traits: {}, timestamp: iso(NOW), messageId: 'u12-a12' }], { receivedAt: NOW });
    const alerts = (await t.app.outbox.list({ limit: 10 })).sends.filter((s) => s.channel === 'alert');
    expect(alerts.map((s) => s.recipient)).toEqual(['owner@example.com']);
  });

  it('does not send what was queued for a contact who unsubscribed since, nor wakes a paused journey', async () => {
    await start();
    const created = await t.app.scenarios.create(HOT_ALERT, { activate: true });
    if (!created.ok) throw new Error(created.error.message);
    await t.app.ingest([identify('u13', NOW - MINUTE), track('u13', 'Demo Requested', NOW)], { receivedAt: NOW });
    await t.app.ingest([track('u13', 'Unsubscribed', NOW + MINUTE)], { receivedAt: NOW + MINUTE });
    await t.app.runFollowUps();
    const email = (await t.app.outbox.list({ limit: 10 })).sends.find((s) => s.channel === 'email')!;
    // Stopped by the send-time check, which names its rule (send-permission.ts).
    expect([email.status, email.lastError]).toEqual(['suppressed', expect.stringMatching(/^suppressed: no consent to email_marketing \(refused via event/)]);
    expect(smtp.received.filter((m) => m.envelope.to.includes('u13@example.com'))).toEqual([]);

    const waiting = await t.app.scenarios.create(WARM_FOLLOW_UP, { activate: true });
    if (!waiting.ok) throw new Error(waiting.error.message);
    await t.app.ingest([identify('u14', NOW - MINUTE), track('u14', 'Form Submitted', NOW)], { receivedAt: NOW });
    t.clock.advance(DAY + MINUTE);
    await t.app.runFollowUps();
    await t.app.scenarios.pause(waiting.value.id);
    await t.app.ingest([track('u14', 'Form Submitted', t.app.now(), { again: true })], { receivedAt: t.app.now() });
    const enrolments = await t.app.scenarios.enrolments(waiting.value.id, { limit: 5 });
    expect(enrolments.ok && enrolments.value.enrolments.map((e) => e.position.stepId)).toEqual(['wait-reply']);
  });

  it('keeps what it sends in the local mail sink without a relay, and an erase removes it from there too', async () => {
    t = await createTestServer({ now: NOW, store: await driver.createStore() });
    expect((await t.app.templates.create(TEMPLATE)).ok).toBe(true);
    await t.app.scenarios.create(HOT_ALERT, { activate: true });
    await t.app.ingest([identify('u15', NOW - MINUTE), track('u15', 'Demo Requested', NOW)], { receivedAt: NOW });
    await t.app.runFollowUps();
    expect(t.app.outbox.local).toBe(true);
    expect((await t.app.outbox.testInbox({ limit: 10 })).map((m) => m.to).sort()).toEqual(['owner@example.com', 'u15@example.com']);
    const contact = await t.app.lookupContact({ userId: 'u15' });
    if (!contact.ok) throw new Error(contact.error.message);
    expect((await t.app.eraseContact(contact.value.record.id)).ok).toBe(true);
    expect(await t.app.outbox.testInbox({ limit: 10 })).toEqual([]);
  });

  it('does not follow up a history imported from long ago', async () => {
    await start();
    await t.app.scenarios.create(HOT_ALERT, { activate: true });
    await t.app.ingest([identify('u3', NOW - 20 * DAY), track('u3', 'Demo Requested', NOW - 20 * DAY)], { receivedAt: NOW });
    expect((await t.app.outbox.list({ limit: 10 })).sends).toEqual([]);
  });

  it('dead-letters a send whose template fails for that contact, and retries it by hand with the same Message-ID', async () => {
    await start();
    await t.app.scenarios.create({ ...HOT_ALERT, steps: [{ id: 'email', type: 'send_email', template: 'test-owner-email' }] }, { activate: true });
    // Unsubscribed: the send is suppressed with the reason, never attempted. No address: no send at all.
    await t.app.ingest([{ type: 'identify', userId: 'u4', traits: { email: 'u4@example.com', unsubscribed: true }, timestamp: iso(NOW - MINUTE) }, track('u4', 'Demo Requested', NOW)], { receivedAt: NOW });
    await t.app.ingest([{ type: 'identify', userId: 'u6', traits: { firstName: 'Bo' }, timestamp: iso(NOW - MINUTE) }, track('u6', 'Demo Requested', NOW)], { receivedAt: NOW });
    const sends = (await t.app.outbox.list({ limit: 10 })).sends;
    expect(sends.map((s) => [s.recipient, s.status, s.lastError])).toEqual([['u4@example.com', 'suppressed', 'the contact unsubscribed']]);

    smtp.setMode({ kind: 'reject_sender' });
    await t.app.ingest([identify('u5', NOW - MINUTE), track('u5', 'Demo Requested', NOW)], { receivedAt: NOW });
    await t.app.runFollowUps();
    const failed = (await t.app.outbox.list({ status: 'failed', limit: 10 })).sends[0]!;
    expect(failed.lastError).toMatch(/550/);
    smtp.setMode({ kind: 'accept' });
    const retried = await t.app.outbox.retry(failed.id);
    expect(retried.ok && retried.value.status).toBe('queued');
    await t.app.runFollowUps();
    const [delivered] = await smtp.waitFor(1);
    expect(delivered!.messageId).toBe(failed.messageId);

    // An open that comes back as an event moves the send's status.
    await t.app.ingest([track('u5', 'Email Opened', NOW + MINUTE, { messageId: failed.messageId })], { receivedAt: NOW + MINUTE });
    expect((await t.app.outbox.get(failed.id)).ok && (await t.app.outbox.get(failed.id))).toMatchObject({ value: { status: 'opened' } });
  });
});
