import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '@leadpulse/core';
import { generateDemoEvents } from './generate-demo.js';

const now = new Date('2026-11-24T09:00:00Z');
type Demo = Record<string, unknown> & { context?: { page?: { path?: string }; campaign?: { source?: string; medium?: string; name?: string }; locale?: string; userAgent?: string } };

describe('demo dataset', () => {
  const events = [...generateDemoEvents({ now, visitors: 3000 })] as Demo[];

  it('is reproducible: the same seed gives the same events, another seed other events', () => {
    expect([...generateDemoEvents({ now, visitors: 300 })]).toEqual(events.filter((e) => Number(String(e['messageId']).split('-')[1]) < 300));
    expect([...generateDemoEvents({ now, visitors: 300, seed: 1 })]).not.toEqual([...generateDemoEvents({ now, visitors: 300 })]);
  });

  it('has the volume of a quarter of a small B2B site: ~20,000 visitors, a few events each, under 250,000 events', () => {
    const visitors = new Map<string, number>();
    let total = 0;
    for (const event of generateDemoEvents({ now })) {
      total++;
      const id = String(event['anonymousId']);
      visitors.set(id, (visitors.get(id) ?? 0) + 1);
    }
    expect(visitors.size).toBeGreaterThan(19_000);
    expect(total).toBeLessThan(250_000);
    expect(total / visitors.size).toBeGreaterThanOrEqual(3);
    expect(total / visitors.size).toBeLessThanOrEqual(15);
  });

  it('gives every event a valid Segment shape, accepted by the ingestion normalizer', () => {
    const ids = new Set<string>();
    for (const event of events) {
      expect(['track', 'identify', 'page']).toContain(event['type']);
      expect(typeof event['messageId']).toBe('string');
      ids.add(String(event['messageId']));
      expect(new Date(String(event['timestamp'])).toISOString()).toBe(event['timestamp']);
      expect(event['anonymousId']).toMatch(/^anon-/);
      if (event['type'] === 'track') expect(event['event']).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)*$/);
      if (event['type'] === 'page') expect(event.context?.page?.path).toBe((event['properties'] as { path: string }).path);
      if (event['type'] === 'identify') expect((event['traits'] as { email: string }).email).toMatch(/^[a-z.0-9]+@[a-z-]+\.example\.fr$/);
      if (event.context?.page) expect([event.context.locale, typeof event.context.userAgent]).toEqual(['fr-FR', 'string']);
      const normalized = normalizeEvent(event, { receivedAt: now.getTime(), fallbackId: 'unused', isBot: () => false });
      expect(normalized.ok ? [] : normalized.error).toEqual([]);
    }
    expect(ids.size).toBe(events.length);
  });

  it('writes each visitor in time order, within the 90 days before now', () => {
    let previous = { visitor: '', at: 0 };
    for (const event of events) {
      const at = Date.parse(String(event['timestamp']));
      expect(at).toBeLessThanOrEqual(now.getTime());
      expect(at).toBeGreaterThan(now.getTime() - 91 * 86_400_000);
      if (event['anonymousId'] === previous.visitor) expect(at).toBeGreaterThanOrEqual(previous.at);
      previous = { visitor: String(event['anonymousId']), at };
    }
  });

  it('covers the company pages and every channel', () => {
    const paths = new Set(events.filter((e) => e['type'] === 'page').map((e) => (e['properties'] as { path: string }).path));
    for (const path of ['/', '/fonctionnalites', '/tarifs', '/livre-blanc', '/essai-gratuit', '/contact', '/panier']) expect(paths).toContain(path);
    expect([...paths].filter((p) => p.startsWith('/blog/')).length).toBeGreaterThanOrEqual(4);
    const channels = new Set(events.map((e) => e.context?.campaign).filter(Boolean).map((c) => `${c!.source}/${c!.medium}`));
    for (const channel of ['google/organic', 'google/cpc', 'linkedin/social', 'facebook/social', 'newsletter/email', 'salon-tech-lyon/event', 'terrain/field']) expect(channels).toContain(channel);
    const paid = events.filter((e) => e.context?.campaign?.medium === 'cpc');
    expect(paid.every((e) => typeof e.context?.campaign?.name === 'string')).toBe(true);
    expect(events.some((e) => e.context?.campaign?.medium === 'organic' && e.context.campaign.name)).toBe(false);
  });

  it('meets offline contacts through the CRM, server-side: identify, then a call or a meeting', () => {
    const offline = new Set(events.filter((e) => e.context?.campaign?.medium === 'event' || e.context?.campaign?.medium === 'field').map((e) => e['anonymousId']));
    expect(offline.size).toBeGreaterThan(20);
    for (const visitor of offline) {
      const own = events.filter((e) => e['anonymousId'] === visitor);
      expect(own[0]).toMatchObject({ type: 'identify', userId: expect.stringMatching(/^crm-/) });
      expect(own[0]!.context?.page).toBeUndefined();
      if (own.length > 1) expect(['Call Logged', 'Meeting Booked']).toContain(own[1]!['event']);
    }
  });

  it('contains the interpreted events: forms, trials, carts, orders, calls, chats, demos, emails', () => {
    const names = new Set(events.map((e) => e['event']).filter(Boolean));
    for (const name of ['Form Submitted', 'Document Downloaded', 'Signed Up', 'Trial Started', 'Product Added', 'Checkout Started', 'Order Completed', 'Call Logged', 'Chat Started', 'Demo Requested', 'Email Opened', 'Email Link Clicked', 'Meeting Booked']) expect(names).toContain(name);
    const orders = events.filter((e) => e['event'] === 'Order Completed').map((e) => e['properties'] as { revenue: number; currency: string });
    expect(orders.every((o) => o.currency === 'EUR' && o.revenue > 0)).toBe(true);
  });
});
