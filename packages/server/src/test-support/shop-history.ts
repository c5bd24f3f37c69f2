import { DAY, MINUTE } from '@leadpulse/core';

type RawEvent = Record<string, unknown>;

/**
 * A small shop's history as raw Segment events, first seen 100 to 190 days before `now`: buyers who pay within the
 * hour of their cart, carts left (some bought days later), browsers who came back, and one-page visitors.
 * Most buyers never browse 3 pages, so the B2B default leaves them unknown, and it waits for a cart to be abandoned.
 */
export function shopHistory(now: number, scale = 1): RawEvent[] {
  const events: RawEvent[] = [];
  let n = 0;
  const iso = (at: number) => new Date(at).toISOString();
  const page = (who: string, at: number, path: string) => events.push({ type: 'page', anonymousId: who, messageId: `shop-${n++}`, timestamp: iso(at), properties: { path }, context: { page: { path } } });
  const track = (who: string, at: number, event: string, properties: Record<string, unknown> = {}) =>
    events.push({ type: 'track', anonymousId: who, event, messageId: `shop-${n++}`, timestamp: iso(at), properties });
  const start = (i: number) => now - (100 + (i % 90)) * DAY;
  const count = (k: number) => Math.round(k * scale);

  for (let i = 0; i < count(60); i++) {
    const t = start(i);
    page(`buyer-${i}`, t, '/products/mug');
    track(`buyer-${i}`, t + MINUTE, 'Product Added', { product_id: 'mug' });
    track(`buyer-${i}`, t + 5 * MINUTE, 'Checkout Started');
    track(`buyer-${i}`, t + 12 * MINUTE, 'Order Completed', { revenue: 24 });
  }
  for (let i = 0; i < count(40); i++) {
    const t = start(i + 7);
    page(`cart-${i}`, t, '/products/teapot');
    track(`cart-${i}`, t + MINUTE, 'Product Added', { product_id: 'teapot' });
    // A quarter of them come back after the reminder email and buy.
    if (i % 4 === 0) track(`cart-${i}`, t + 2 * DAY, 'Order Completed', { revenue: 48 });
  }
  for (let i = 0; i < count(60); i++) {
    const t = start(i + 13);
    const who = `browser-${i}`;
    for (const [k, path] of ['/', '/products/mug', '/products/teapot'].entries()) page(who, t + k * 2 * MINUTE, path);
    page(who, t + 3 * DAY, '/products/mug');
    if (i % 10 === 0) track(who, t + 20 * DAY, 'Order Completed', { revenue: 24 });
  }
  for (let i = 0; i < count(80); i++) {
    const t = start(i + 29);
    page(`visitor-${i}`, t, i % 2 === 0 ? '/' : '/blog/tea');
    if (i % 40 === 0) track(`visitor-${i}`, t + 30 * DAY, 'Order Completed', { revenue: 24 });
  }
  return events;
}
