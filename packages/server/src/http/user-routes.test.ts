import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { signIn, type TestSession } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PASSWORD = 'une phrase de passe';

for (const driver of testDrivers(import.meta.url)) {
  describe(`roles and user management on ${driver.name}`, () => {
    let t: TestServer;
    const as: Record<'admin' | 'marketer' | 'sales', TestSession> = {} as never;
    const call = (who: TestSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.server.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
    beforeAll(async () => {
      t = await createTestServer({ store: await driver.createStore() });
      for (const role of ['admin', 'marketer', 'sales'] as const) {
        await t.app.users.addUser({ email: `${role}@example.fr`, role, password: PASSWORD });
        as[role] = await signIn(t.server, `${role}@example.fr`, PASSWORD);
      }
    });
    afterAll(async () => t.close());

    it('documents the session and user routes in the OpenAPI document, which stays public', async () => {
      const openapi = (await t.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/session', '/api/v1/users', '/api/v1/users/{id}']));
      expect(Object.keys(openapi.paths['/api/v1/users/{id}'])).toEqual(['patch', 'delete']);
      expect(openapi.paths['/api/v1/session'].post.security).toEqual([]);
      expect(openapi.components.securitySchemes.sessionCookie).toMatchObject({ in: 'cookie', name: 'lp_session' });
    });

    it('lets sales read contacts, their timeline and history, and reports, and nothing else', async () => {
      await t.app.ingest([{ type: 'track', anonymousId: 'visitor-1', event: 'Chat Started' }], { receivedAt: t.app.now() });
      const contact = (await call(as.sales, 'GET', '/api/v1/contacts')).json().contacts[0];
      expect(contact).toBeDefined();
      for (const url of [`/api/v1/contacts/${contact.id}`, `/api/v1/contacts/${contact.id}/timeline`, `/api/v1/contacts/${contact.id}/history`, '/api/v1/reports/stages', '/api/v1/reports/tunnel']) {
        expect((await call(as.sales, 'GET', url)).statusCode, url).toBe(200);
      }
      for (const [method, url] of [['GET', '/api/v1/keys'], ['PUT', '/api/v1/doctrine'], ['GET', '/api/v1/doctrine'], ['DELETE', `/api/v1/contacts/${contact.id}`], ['GET', '/api/v1/users']] as const) {
        const response = await call(as.sales, method, url, method === 'PUT' ? {} : undefined);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    });

    it('lets a marketer run the engine but not manage users or keys', async () => {
      expect((await call(as.marketer, 'GET', '/api/v1/doctrine')).statusCode).toBe(200);
      expect((await call(as.marketer, 'POST', '/api/v1/reclassify?dryRun=true')).statusCode).toBe(200);
      for (const [method, url] of [['GET', '/api/v1/users'], ['POST', '/api/v1/users'], ['GET', '/api/v1/keys'], ['POST', '/api/v1/keys']] as const) {
        expect((await call(as.marketer, method, url, method === 'POST' ? {} : undefined)).json().error.code, `${method} ${url}`).toBe('forbidden');
      }
    });

    it('lets an admin (signed in or with the Bearer token) do everything', async () => {
      expect((await call(as.admin, 'GET', '/api/v1/keys')).statusCode).toBe(200);
      expect((await call(as.admin, 'GET', '/api/v1/doctrine')).statusCode).toBe(200);
      expect((await call(as.admin, 'GET', '/api/v1/users')).json().users.map((u: { email: string }) => u.email)).toEqual(['admin@example.fr', 'marketer@example.fr', 'sales@example.fr']);
      const bearer = await t.server.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${t.adminToken}` } });
      expect(bearer.statusCode).toBe(200);
    });

    it('creates a user with a generated password shown once, refuses a taken email and a short password', async () => {
      const created = await call(as.admin, 'POST', '/api/v1/users', { email: 'Nina@Example.fr', role: 'sales', name: 'Nina' });
      expect(created.statusCode).toBe(201);
      const { user, password } = created.json();
      expect(user).toMatchObject({ email: 'nina@example.fr', role: 'sales', name: 'Nina', disabledAt: null });
      expect(password).toHaveLength(20);
      expect((await signIn(t.server, 'nina@example.fr', password)).csrfToken).toBeTruthy();
      const chosen = await call(as.admin, 'POST', '/api/v1/users', { email: 'omar@example.fr', role: 'marketer', password: PASSWORD });
      expect(chosen.json().password).toBeUndefined();
      expect((await call(as.admin, 'POST', '/api/v1/users', { email: 'nina@example.fr', role: 'sales' })).json().error.code).toBe('email_taken');
      expect((await call(as.admin, 'POST', '/api/v1/users', { email: 'p@example.fr', role: 'sales', password: 'short' })).json().error.code).toBe('invalid_body');
      expect((await call(as.admin, 'POST', '/api/v1/users', { email: 'not-an-email', role: 'sales' })).json().error.code).toBe('invalid_user');
      expect((await call(as.admin, 'POST', '/api/v1/users', { email: 'q@example.fr', role: 'owner' })).statusCode).toBe(400);
    });

    it('changes roles and removes users, but never the last admin', async () => {
      const users = (await call(as.admin, 'GET', '/api/v1/users')).json().users as { id: string; email: string }[];
      const id = (email: string) => users.find((u) => u.email === email)!.id;
      const demote = await call(as.admin, 'PATCH', `/api/v1/users/${id('admin@example.fr')}`, { role: 'sales' });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().error.code).toBe('last_admin');
      expect((await call(as.admin, 'DELETE', `/api/v1/users/${id('admin@example.fr')}`)).json().error.code).toBe('last_admin');
      const promoted = await call(as.admin, 'PATCH', `/api/v1/users/${id('marketer@example.fr')}`, { role: 'admin', name: 'Maud' });
      expect(promoted.json().user).toMatchObject({ role: 'admin', name: 'Maud' });
      // The new role applies to the existing session at once.
      expect((await call(as.marketer, 'GET', '/api/v1/keys')).statusCode).toBe(200);
      expect((await call(as.admin, 'DELETE', `/api/v1/users/${id('sales@example.fr')}`)).json()).toEqual({ deleted: true });
      expect((await call(as.sales, 'GET', '/api/v1/contacts')).statusCode).toBe(401);
      expect((await call(as.admin, 'DELETE', `/api/v1/users/${id('sales@example.fr')}`)).statusCode).toBe(404);
      expect((await call(as.admin, 'PATCH', `/api/v1/users/${id('admin@example.fr')}`, {})).json().error.code).toBe('invalid_body');
    });
  });
}
