import { DAY, HOUR, MINUTE, type ContactId } from '@leadpulse/core';
import { afterEach, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (at: number) => new Date(at).toISOString();

const PRO = { key: 'pro-plan', name: 'Pro plan', where: { trait: 'plan', op: 'eq', value: 'pro' } };
const ACTIVE_WEEK = { key: 'active-week', name: 'Active this week', where: { lastSeen: { within: '7d' } } };

describe.each(testDrivers(import.meta.url))('live segment membership on $name', (driver) => {
  let t: TestServer;
  afterEach(async () => t?.close());

  const start = async () => {
    t = await createTestServer({ now: NOW, store: await driver.createStore() });
  };
  const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  /** Saves a segment over HTTP and waits for its background rebuild to mark it live. */
  const saveSegment = async (definition: object, id?: string): Promise<string> => {
    const response = id ? await admin('PUT', `/api/v1/segments/${id}`, definition) : await admin('POST', '/api/v1/segments', definition);
    expect(response.statusCode, response.body).toBe(id ? 200 : 201);
    const saved = response.json<{ id: string; version: number }>();
    for (let tries = 0; tries < 200; tries++) {
      const current = (await admin('GET', `/api/v1/segments/${saved.id}`)).json<{ status: string; version: number }>();
      if (current.status === 'live' && current.version === saved.version) return saved.id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`segment ${saved.id} never went live`);
  };
  const identify = (userId: string, traits: Record<string, unknown>, at: number, messageId = `${userId}-${at}`) => ({ type: 'identify', userId, traits, timestamp: iso(at), messageId });
  const ingest = (events: object[]) => t.app.ingest(events as Record<string, unknown>[], { receivedAt: t.clock.now().getTime() });
  const contactOf = async (userId: string) => {
    const found = await t.app.lookupContact({ userId });
    if (!found.ok) throw new Error(found.error.message);
    return (await t.store.contacts.get(found.value.record.id))!;
  };
  const membersOf = async (segmentId: string) => (await t.store.segments.members(segmentId, { limit: 100 })).map((m) => m.contactId);
  const segmentEvents = async (id: ContactId) =>
    (await t.store.events.of(id, { limit: 100 }))
      .filter((e) => e.name === 'Segment Entered' || e.name === 'Segment Left')
      .map((e) => [e.name, e.properties['segmentKey'], e.at])
      .reverse();

  it('enters and leaves a segment as the events that change it arrive, with events and moves dated at the event that made the change (event time)', async () => {
    await start();
    const pro = await saveSegment(PRO);
    await ingest([identify('u1', { plan: 'pro', email: 'u1@example.com' }, NOW - MINUTE)]);
    const inside = await contactOf('u1');
    expect(inside.segments).toBe(pro);
    expect(await membersOf(pro)).toEqual([inside.id]);
    expect(await segmentEvents(inside.id)).toEqual([['Segment Entered', 'pro-plan', NOW - MINUTE]]);

    // Another event that keeps it inside writes nothing more.
    t.clock.advance(HOUR);
    await ingest([{ type: 'track', userId: 'u1', event: 'Page Viewed', properties: {}, timestamp: iso(NOW + HOUR - MINUTE), messageId: 'u1-page' }]);
    expect(await segmentEvents(inside.id)).toHaveLength(1);

    t.clock.advance(HOUR);
    await ingest([identify('u1', { plan: 'free' }, NOW + 2 * HOUR - MINUTE)]);
    const outside = await contactOf('u1');
    expect(outside.segments).toBe('');
    expect(await membersOf(pro)).toEqual([]);
    expect(await segmentEvents(inside.id)).toEqual([
      ['Segment Entered', 'pro-plan', NOW - MINUTE],
      ['Segment Left', 'pro-plan', NOW + 2 * HOUR - MINUTE],
    ]);
    const today = Math.floor(NOW / DAY);
    expect(await t.store.segments.sizes(pro, today, today)).toEqual([{ day: today, size: 0 }]);
  });

  it('lets a contact leave when a window closes, at the instant the scheduler evaluates it, never on a timer of its own', async () => {
    await start();
    const week = await saveSegment(ACTIVE_WEEK);
    await ingest([identify('u2', { email: 'u2@example.com' }, NOW)]);
    const inside = await contactOf('u2');
    expect(inside.segments).toBe(week);
    // The window's end is the contact's next evaluation at the latest.
    expect(inside.nextEvalAt).not.toBeNull();
    expect(inside.nextEvalAt!).toBeLessThanOrEqual(NOW + 7 * DAY + MINUTE);

    t.clock.advance(3 * DAY);
    while ((await t.app.evaluateDue()) > 0);
    expect((await contactOf('u2')).segments).toBe(week);

    t.clock.set(NOW + 8 * DAY);
    while ((await t.app.evaluateDue()) > 0);
    const outside = await contactOf('u2');
    expect(outside.segments).toBe('');
    expect(await membersOf(week)).toEqual([]);
    const events = await segmentEvents(inside.id);
    expect(events[events.length - 1]).toEqual(['Segment Left', 'active-week', NOW + 8 * DAY]);
  });

  it('rebuilds a saved or edited segment in the background over the contacts already there, and keeps it under replay', async () => {
    await start();
    await ingest([identify('a', { plan: 'pro' }, NOW - HOUR), identify('b', { plan: 'pro' }, NOW - HOUR), identify('c', { plan: 'free' }, NOW - HOUR)]);
    t.clock.advance(MINUTE);
    const pro = await saveSegment(PRO);
    const [a, b, c] = [await contactOf('a'), await contactOf('b'), await contactOf('c')];
    expect((await membersOf(pro)).sort()).toEqual([a.id, b.id].sort());
    expect([a.segments, b.segments, c.segments]).toEqual([pro, pro, '']);
    expect(await segmentEvents(a.id)).toEqual([['Segment Entered', 'pro-plan', NOW + MINUTE]]);

    // An edit that narrows it lets the others go; one that changes nothing writes nothing.
    t.clock.advance(MINUTE);
    await saveSegment({ ...PRO, where: { all: [PRO.where, { trait: 'email', op: 'exists' }] } }, pro);
    expect(await membersOf(pro)).toEqual([]);
    await ingest([identify('a', { email: 'a@example.com' }, NOW)]);
    expect(await membersOf(pro)).toEqual([a.id]);

    // Replaying every contact (leadpulse reclassify) leaves membership as it was, with no new events.
    const before = await segmentEvents(a.id);
    const replay = await t.app.reclassify({ dryRun: false });
    expect(replay.contacts).toBe(3);
    expect(await membersOf(pro)).toEqual([a.id]);
    expect((await contactOf('a')).segments).toBe(pro);
    expect(await segmentEvents(a.id)).toEqual(before);
  });

  it('enrols a contact whose event makes it enter a segment in a segment_entered scenario, and runs its first step', async () => {
    await start();
    await saveSegment(PRO);
    const scenario = await t.app.scenarios.create(
      { key: 'welcome-pro', name: 'Welcome pro', trigger: { type: 'segment_entered', segment: 'pro-plan' }, steps: [{ id: 'call', type: 'task', title: 'Welcome the new pro', assignee: { email: 'team@example.com' }, due: '1d' }, { id: 'later', type: 'wait', duration: '7d' }], exit: [], reentry: { policy: 'never' } },
      { activate: true },
    );
    expect(scenario.ok, JSON.stringify(scenario)).toBe(true);
    await ingest([identify('u3', { plan: 'free' }, NOW - MINUTE)]);
    const contact = await contactOf('u3');
    expect((await t.app.contactFollowUps(contact.id)).enrolments).toEqual([]);

    await ingest([identify('u3', { plan: 'pro' }, NOW, 'u3-pro')]);
    const followUps = await t.app.contactFollowUps(contact.id);
    expect(followUps.enrolments.map((e) => [e.status, e.position.stepId, e.context['segment']])).toEqual([['active', 'later', 'pro-plan']]);
    expect((await t.app.tasks.list({ contactId: contact.id, limit: 10 })).map((task) => task.title)).toEqual(['Welcome the new pro']);
  });

  it('takes a merged-away visitor out of its segments, and an erased contact out of every membership table', async () => {
    await start();
    const week = await saveSegment(ACTIVE_WEEK);
    await ingest([identify('u4', { email: 'u4@example.com' }, NOW - HOUR)]);
    await ingest([{ type: 'page', anonymousId: 'anon-4', properties: { path: '/pricing' }, timestamp: iso(NOW - MINUTE), messageId: 'anon-4-page' }]);
    expect(await membersOf(week)).toHaveLength(2);
    await ingest([{ type: 'identify', userId: 'u4', anonymousId: 'anon-4', traits: {}, timestamp: iso(NOW), messageId: 'u4-anon-4' }]);
    const known = await contactOf('u4');
    expect(await membersOf(week)).toEqual([known.id]);
    expect(known.segments).toBe(week);

    const erased = await t.app.eraseContact(known.id);
    expect(erased.ok).toBe(true);
    expect(await membersOf(week)).toEqual([]);
    const today = Math.floor(NOW / DAY);
    expect(await t.store.segments.sizes(week, today, today)).toEqual([{ day: today, size: 0 }]);
  });

  it('forgets a deleted segment: members gone, its id out of contacts, no Segment Left storm', async () => {
    await start();
    const pro = await saveSegment(PRO);
    await ingest([identify('u5', { plan: 'pro' }, NOW)]);
    expect((await contactOf('u5')).segments).toBe(pro);
    expect((await admin('DELETE', `/api/v1/segments/${pro}`)).statusCode).toBeLessThan(300);
    const after = await contactOf('u5');
    expect(after.segments).toBe('');
    expect(await segmentEvents(after.id)).toEqual([['Segment Entered', 'pro-plan', NOW]]);
    // Later writes know nothing of it.
    await ingest([identify('u5', { plan: 'pro', email: 'u5@example.com' }, NOW + MINUTE)]);
    expect((await contactOf('u5')).segments).toBe('');
  });
});
