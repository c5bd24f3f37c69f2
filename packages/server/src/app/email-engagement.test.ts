import { describe, expect, it } from 'vitest';
import { tieEmailVisits } from './email-engagement.js';

const identities: Record<string, { userId: string } | { email: string }> = { 'tok-user': { userId: 'u1' }, 'tok-email': { email: 'ada@example.fr' } };
const engagement = { identityOfClickToken: async (token: string) => identities[token] ?? null };
const page = (context: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'page', anonymousId: 'browser-1', context: { page: { path: '/' }, ...context }, ...extra });

describe('tieEmailVisits', () => {
  it('returns the same batch when no event carries a click token', async () => {
    const batch = [page({}), { type: 'track', event: 'X' }, null, 'junk'];
    expect(await tieEmailVisits(batch, engagement)).toBe(batch);
  });

  it("names the contact by userId, else by email as a trait, and never keeps the token", async () => {
    const [byUser, byEmail, forged] = await tieEmailVisits([page({ lp_ct: 'tok-user' }), page({ lp_ct: 'tok-email', traits: { plan: 'pro' } }), page({ lp_ct: 'forged' })], engagement);
    expect(byUser).toEqual({ type: 'page', anonymousId: 'browser-1', userId: 'u1', context: { page: { path: '/' } } });
    expect(byEmail).toEqual({ type: 'page', anonymousId: 'browser-1', context: { page: { path: '/' }, traits: { plan: 'pro', email: 'ada@example.fr' } } });
    expect(forged).toEqual(page({}));
  });

  it('leaves an event that already names a user to it: two known users are never merged', async () => {
    const [event] = await tieEmailVisits([page({ lp_ct: 'tok-user' }, { userId: 'someone-else' })], engagement);
    expect(event).toEqual(page({}, { userId: 'someone-else' }));
  });
});
