import { describe, expect, it } from 'vitest';
import { generateDemoEvents } from './generate-demo.js';

const now = new Date('2026-11-24T09:00:00Z');

describe('demo dataset', () => {
  const events = [...generateDemoEvents({ now, visitors: 3000 })];

  it('is reproducible: the same seed gives the same events', () => {
    expect([...generateDemoEvents({ now, visitors: 300 })]).toEqual(events.filter((e) => Number(String(e['messageId']).split('-')[1]) < 300));
    expect([...generateDemoEvents({ now, visitors: 300, seed: 1 })]).not.toEqual([...generateDemoEvents({ now, visitors: 300 })]);
  });

  it('covers the company pages and every channel, within the 90 days before now', () => {
    const paths = new Set(events.filter((e) => e['type'] === 'page').map((e) => (e['properties'] as { path: string }).path));
    for (const path of ['/', '/fonctionnalites', '/tarifs', '/livre-blanc', '/essai-gratuit', '/contact', '/panier']) expect(paths).toContain(path);
    expect([...paths].some((p) => p.startsWith('/blog/'))).toBe(true);
    const mediums = new Set(events.map((e) => (e['context'] as { campaign?: { medium?: string } } | undefined)?.campaign?.medium).filter(Boolean));
    for (const medium of ['organic', 'cpc', 'social', 'email']) expect(mediums).toContain(medium);
    const sources = new Set(events.map((e) => (e['properties'] as { campaign?: string } | undefined)?.campaign).filter(Boolean));
    expect([...sources].some((s) => String(s).includes('salon') || String(s).includes('terrain'))).toBe(true);
    for (const e of events) {
      const at = Date.parse(String(e['timestamp']));
      expect(at).toBeLessThanOrEqual(now.getTime());
      expect(at).toBeGreaterThan(now.getTime() - 92 * 86_400_000);
      expect(e['anonymousId'] ?? e['userId']).toBeTruthy();
    }
  });

  it('contains the interpreted events: forms, trials, carts, orders, calls, chats, demos, emails', () => {
    const names = new Set(events.map((e) => e['event']).filter(Boolean));
    for (const name of ['Form Submitted', 'Document Downloaded', 'Trial Started', 'Product Added', 'Checkout Started', 'Order Completed', 'Call Logged', 'Chat Started', 'Demo Requested', 'Email Opened', 'Meeting Booked']) expect(names).toContain(name);
  });
});
