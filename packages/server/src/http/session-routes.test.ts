import { DAY } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { signIn } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PASSWORD = 'une phrase de passe';

for (const driver of testDrivers(import.meta.url)) {
  describe(`sessions on ${driver.name}`, () => {
    let t: TestServer;
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      t.server.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
    beforeAll(async () => {
      t = await createTestServer({ store: await driver.createStore() });
      const added = await t.app.users.addUser({ email: 'Ana@Example.fr', role: 'marketer', name: 'Ana', password: PASSWORD });
      expect(added.ok).toBe(true);
    });
    afterAll(async () => t.close());

    it('signs in with a case-insensitive email, sets a strict HttpOnly cookie, and answers who is signed in', async () => {
      const response = await post({ email: 'ana@EXAMPLE.fr', password: PASSWORD });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toEqual({ user: { id: expect.stringMatching(/^usr_/), email: 'ana@example.fr', name: 'Ana', role: 'marketer' }, csrfToken: expect.any(String) });
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^lp_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=1209600$/);
      const me = await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: cookie.split(';')[0]! } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual(body);
    });

    it('marks the cookie Secure when LEADPULSE_PUBLIC_URL is https', async () => {
      const https = await createTestServer({ store: await driver.createStore(), config: { publicUrl: 'https://leads.example.fr' } });
      try {
        await https.app.users.addUser({ email: 'h@example.fr', role: 'sales', password: PASSWORD });
        expect((await signIn(https.server, 'h@example.fr', PASSWORD)).setCookie).toMatch(/; Secure$/);
      } finally {
        await https.close();
      }
    });

    it('marks the cookie Secure over https (behind a trusted proxy)', async () => {
      const proxied = await createTestServer({ store: await driver.createStore(), config: { trustProxy: 1 } });
      try {
        await proxied.app.users.addUser({ email: 'p@example.fr', role: 'sales', password: PASSWORD });
        const session = await signIn(proxied.server, 'p@example.fr', PASSWORD, { 'x-forwarded-proto': 'https' });
        expect(session.setCookie).toMatch(/; Secure$/);
        expect((await signIn(proxied.server, 'p@example.fr', PASSWORD)).setCookie).not.toContain('Secure');
      } finally {
        await proxied.close();
      }
    });

    it('answers the same 401 for a wrong password and an unknown email', async () => {
      for (const payload of [{ email: 'ana@example.fr', password: 'wrong password' }, { email: 'nobody@example.fr', password: PASSWORD }]) {
        const response = await post(payload);
        expect(response.statusCode).toBe(401);
        expect(response.json().error).toEqual({ code: 'invalid_credentials', message: 'The email or the password is wrong.' });
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      expect((await post({ email: 'ana@example.fr' })).json().error.code).toBe('invalid_body');
    });

    it('answers 401 unauthenticated without a session, and for a Bearer token that has none', async () => {
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/session' })).json().error.code).toBe('unauthenticated');
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: 'lp_session=forged' } })).json().error.code).toBe('unauthenticated');
      const bearer = await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${t.adminToken}` } });
      expect(bearer.statusCode).toBe(401);
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/contacts', headers: { cookie: 'lp_session=forged' } })).json().error.code).toBe('unauthenticated');
    });

    it('requires x-csrf-token on changes made with the cookie, not on reads or with a Bearer token', async () => {
      const session = await signIn(t.server, 'ana@example.fr', PASSWORD);
      const reclassify = (headers: Record<string, string>) => t.server.inject({ method: 'POST', url: '/api/v1/reclassify?dryRun=true', headers });
      const refused = await reclassify({ cookie: session.cookie });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('csrf_failed');
      expect((await reclassify({ cookie: session.cookie, 'x-csrf-token': 'not-the-token' })).json().error.code).toBe('csrf_failed');
      expect((await reclassify({ cookie: session.cookie, 'x-csrf-token': session.csrfToken })).statusCode).toBe(200);
      expect((await reclassify({ authorization: `Bearer ${t.adminToken}` })).statusCode).toBe(200);
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/contacts', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    });

    it('signs out: 204, the cookie is cleared and the session no longer works', async () => {
      const session = await signIn(t.server, 'ana@example.fr', PASSWORD);
      const out = await t.server.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^lp_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    });

    it('expires a session after 14 idle days, and each visit pushes the end back', async () => {
      const session = await signIn(t.server, 'ana@example.fr', PASSWORD);
      const me = () => t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session.cookie } });
      t.clock.advance(10 * DAY);
      const renewed = await me();
      expect(renewed.statusCode).toBe(200);
      expect(String(renewed.headers['set-cookie'])).toContain('Max-Age=1209600');
      t.clock.advance(10 * DAY);
      expect((await me()).statusCode).toBe(200);
      t.clock.advance(14 * DAY + 1);
      expect((await me()).json().error).toMatchObject({ code: 'unauthenticated', message: 'The session expired: sign in again.' });
    });

    it('answers 429 after 10 failures for one email from one address, which a forged X-Forwarded-For does not escape', async () => {
      await t.app.users.addUser({ email: 'limited@example.fr', role: 'sales', password: PASSWORD });
      for (let i = 0; i < 10; i++) expect((await post({ email: 'limited@example.fr', password: `guess-${i}-guess` })).statusCode).toBe(401);
      const blocked = await post({ email: 'limited@example.fr', password: PASSWORD });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('too_many_attempts');
      expect((await post({ email: 'limited@example.fr', password: PASSWORD }, { 'x-forwarded-for': '198.51.100.7' })).statusCode).toBe(429);
      // Other emails from the same address are not blocked.
      expect((await post({ email: 'ana@example.fr', password: PASSWORD })).statusCode).toBe(200);
      t.clock.advance(15 * 60_000);
      expect((await post({ email: 'limited@example.fr', password: PASSWORD })).statusCode).toBe(200);
    });

    it('lets a signed-in user change their own password: old sessions end, this browser stays signed in', async () => {
      await t.app.users.addUser({ email: 'bea@example.fr', role: 'sales', password: PASSWORD });
      const elsewhere = await signIn(t.server, 'bea@example.fr', PASSWORD);
      const here = await signIn(t.server, 'bea@example.fr', PASSWORD);
      const change = (payload: unknown, headers: Record<string, string> = { cookie: here.cookie, 'x-csrf-token': here.csrfToken }) =>
        t.server.inject({ method: 'POST', url: '/api/v1/session/password', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
      const next = 'une autre phrase de passe';
      // Without the CSRF token, with a wrong current password, or a short new one: nothing changes.
      expect((await change({ currentPassword: PASSWORD, newPassword: next }, { cookie: here.cookie })).json().error.code).toBe('csrf_failed');
      const wrong = await change({ currentPassword: 'not the password', newPassword: next });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('wrong_password');
      const weak = await change({ currentPassword: PASSWORD, newPassword: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error).toMatchObject({ code: 'weak_password', issues: [{ path: ['newPassword'] }] });
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(200);

      const changed = await change({ currentPassword: PASSWORD, newPassword: next });
      expect(changed.statusCode).toBe(200);
      const cookie = String(changed.headers['set-cookie']).split(';')[0]!;
      expect(changed.json()).toEqual({ user: expect.objectContaining({ email: 'bea@example.fr' }), csrfToken: expect.any(String) });
      for (const old of [elsewhere.cookie, here.cookie]) expect((await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: old } })).statusCode).toBe(401);
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
      expect((await post({ email: 'bea@example.fr', password: PASSWORD })).statusCode).toBe(401);
      expect((await post({ email: 'bea@example.fr', password: next })).statusCode).toBe(200);
    });

    it('refuses a password change to the admin token, which has no password', async () => {
      const response = await t.server.inject({ method: 'POST', url: '/api/v1/session/password', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' }, payload: JSON.stringify({ currentPassword: 'x', newPassword: 'long enough password' }) });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    });
  });
}
