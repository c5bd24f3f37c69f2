import { readFileSync } from 'node:fs';
import { roleAllows, type UserRole } from '@leadpulse/core';
import { fastify } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { signIn, type TestSession } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { requireDeclaredAccess, withAccess, type DeclaredRoute } from './route-access.js';

const PASSWORD = 'une phrase de passe';

type Caller = {
  readonly name: string;
  readonly role: UserRole | null;
  readonly writeKey: boolean;
  /** A session cookie sent without its CSRF token may only read. */
  readonly readsOnly?: boolean;
  headers(t: TestServer): Record<string, string>;
};

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** Ways a path may be spelled so that a router decodes or normalises it to the same route, or nearly. */
export function spellingsOf(path: string): string[] {
  const encode = (c: string, upper: boolean) => `%${c.charCodeAt(0).toString(16)[upper ? 'toUpperCase' : 'toLowerCase']()}`;
  const segments = path.split('/').slice(1);
  const at = (i: number, text: string) => `/${segments.map((s, j) => (j === i ? text : s)).join('/')}`;
  const out = new Set<string>([path]);
  segments.forEach((segment, i) => {
    const first = segment[0];
    if (!first || !/[a-z0-9._-]/i.test(first)) return;
    const rest = segment.slice(1);
    out.add(at(i, encode(first, false) + rest));
    out.add(at(i, `%25${first.charCodeAt(0).toString(16)}${rest}`));
    out.add(at(i, segment.toUpperCase()));
    // The findings: /%61pi/… and /api/v1/%6Beys/…, in both cases of hex digit, and a fully encoded segment.
    if (i === 0 || i === 2) {
      out.add(at(i, encode(first, true) + rest));
      out.add(at(i, [...segment].map((c) => encode(c, true)).join('')));
    }
  });
  const tail = segments[segments.length - 1];
  out.add(`/${segments.slice(0, -1).join('/')}/x/../${tail}`);
  out.add(`/${segments.slice(0, -1).join('/')}/./${tail}`);
  out.add(`/${segments.slice(0, -1).join('/')}/%2e%2e/${segments.slice(-2).join('/')}`);
  out.add(`/${segments.slice(0, -1).join('/')}%2F${tail}`);
  out.add(`/${segments.slice(0, -1).join('/')}//${tail}`);
  out.add(`/${path}`);
  out.add(`${path}/`);
  out.add(`${path};x=1`);
  out.add(`${path}%00`);
  out.add(`${path}?x=1`);
  out.add(`${path}#x`);
  out.add(path.replace(/\//g, '\\'));
  return [...out];
}

// Path parameters get values that exist nowhere, so no allowed call destroys what the next ones need.
const concrete = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => `${name}_spelled`).replace(/\*$/, 'x');

/** Whether a caller may reach a route at all (the route may still refuse its input). */
function mayCall(caller: Caller, route: DeclaredRoute): boolean {
  if (route.access === 'public') return true;
  if (route.access === 'write_key') return caller.writeKey;
  if (caller.readsOnly && !['GET', 'HEAD', 'OPTIONS'].includes(route.method)) return false;
  return caller.role !== null && roleAllows(caller.role, route.access);
}

// Codes that mean "the access check refused", as opposed to a handler refusing the input.
const REFUSALS = new Set(['missing_admin_token', 'invalid_admin_token', 'unauthenticated', 'forbidden', 'csrf_failed', 'missing_write_key', 'invalid_write_key']);

describe('route access declarations', () => {
  it('refuses to start a server with a route that declares no access', async () => {
    const http = fastify();
    requireDeclaredAccess(http);
    expect(() => http.get('/api/v1/secret', async () => 'data')).toThrow(/declares no access/);
    http.get('/api/v1/open', withAccess('public'), async () => 'data');
    expect(http.declaredRoutes).toContainEqual({ method: 'GET', url: '/api/v1/open', access: 'public' });
    await http.close();
  });
});

// The rows of the role table in docs/security.md, as generated from the routes.
export const roleTableRows = (routes: readonly DeclaredRoute[]) =>
  routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS').map((r) => `| \`${r.method}\` | \`${r.url}\` | ${r.access} |`);

describe('docs/security.md', () => {
  it('lists every route with the access it declares', async () => {
    const t = await createTestServer();
    try {
      const doc = readFileSync(new URL('../../../../docs/security.md', import.meta.url), 'utf8');
      const table = /<!-- routes:start -->\n([\s\S]*?)<!-- routes:end -->/.exec(doc)?.[1] ?? '';
      const rows = table.split('\n').filter((line) => line.startsWith('| `'));
      expect(rows, 'regenerate the table from this message').toEqual(roleTableRows(t.server.declaredRoutes));
    } finally {
      await t.close();
    }
  });
});

for (const driver of testDrivers(import.meta.url)) {
  describe(`every route under every spelling and credential on ${driver.name}`, () => {
    let t: TestServer;
    const sessions: Partial<Record<UserRole, TestSession>> = {};
    const signInAs = async (role: UserRole) => (sessions[role] = await signIn(t.server, `${role}@example.fr`, PASSWORD));
    const sessionCaller = (role: UserRole): Caller => ({
      name: `${role} session`,
      role,
      writeKey: false,
      headers: () => ({ cookie: sessions[role]!.cookie, 'x-csrf-token': sessions[role]!.csrfToken }),
    });
    const callers: Caller[] = [
      { name: 'nobody', role: null, writeKey: false, headers: () => ({}) },
      { name: 'a wrong token', role: null, writeKey: false, headers: () => ({ authorization: 'Bearer lpa_wrong_token_0123456789' }) },
      { name: 'the write key as a bearer token', role: null, writeKey: false, headers: (s) => ({ authorization: `Bearer ${s.writeKey}` }) },
      { name: 'the write key', role: null, writeKey: true, headers: (s) => ({ authorization: basic(s.writeKey) }) },
      { name: 'a forged session cookie', role: null, writeKey: false, headers: () => ({ cookie: 'lp_session=forged', 'x-csrf-token': 'forged' }) },
      { name: 'a marketer session without its CSRF token', role: 'marketer', readsOnly: true, writeKey: false, headers: () => ({ cookie: sessions.marketer!.cookie }) },
      sessionCaller('sales'),
      sessionCaller('marketer'),
      sessionCaller('admin'),
      { name: 'the admin token', role: 'admin', writeKey: false, headers: (s) => ({ authorization: `Bearer ${s.adminToken}` }) },
    ];

    beforeAll(async () => {
      t = await createTestServer({ store: await driver.createStore() });
      for (const role of ['admin', 'marketer', 'sales'] as const) {
        await t.app.users.addUser({ email: `${role}@example.fr`, role, password: PASSWORD });
        await signInAs(role);
      }
    });
    afterAll(async () => t.close());

    it('declares every route, the admin API needing a role and ingestion a write key', () => {
      const routes = t.server.declaredRoutes;
      expect(routes.length).toBeGreaterThan(40);
      for (const route of routes) {
        if (route.url.startsWith('/api/') && route.url !== '/api/v1/openapi.json' && !(route.url === '/api/v1/session' && route.method === 'POST') && !(route.url === '/api/v1/email/feedback' && route.method === 'POST')) {
          expect(['read', 'operate', 'administer'], `${route.method} ${route.url}`).toContain(route.access);
        }
        if (route.url.startsWith('/v1/') && route.method === 'POST') expect(route.access).toBe('write_key');
      }
    });

    it('answers 2xx to no spelling of any route without the credentials it declares', { timeout: 120_000 }, async () => {
      const unsafe: string[] = [];
      let requests = 0;
      for (const route of t.server.declaredRoutes) {
        // The stage feed streams forever once allowed; an invalid cursor makes it answer after the access check.
        const query = route.url === '/api/v1/events/stage-changes' ? { after: 'invalid' } : undefined;
        // HEAD and OPTIONS share their GET's or POST's declaration; a few spellings of them suffice.
        const spellings = spellingsOf(concrete(route.url));
        for (const spelling of ['HEAD', 'OPTIONS'].includes(route.method) ? spellings.slice(0, 4) : spellings) {
          for (const caller of callers) {
            const hasBody = !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(route.method);
            const response = await t.server.inject({
              method: route.method as 'GET',
              url: spelling,
              ...(query ? { query } : {}),
              headers: { ...caller.headers(t), ...(hasBody ? { 'content-type': 'text/plain', origin: 'https://evil.example' } : {}) },
              ...(hasBody ? { payload: JSON.stringify({ kind: 'admin', role: 'admin', email: 'attacker@evil.example', type: 'track', event: 'x', userId: 'u' }) } : {}),
            });
            requests++;
            if (response.statusCode < 300 && !mayCall(caller, route)) unsafe.push(`${response.statusCode} ${route.method} ${spelling} as ${caller.name}`);
            // The only way to 2xx on a route one may not call would be a spelling that reaches another route one may call.
            if (spelling === concrete(route.url) && mayCall(caller, route)) {
              const code = response.body.startsWith('{') ? (response.json() as { error?: { code?: string } }).error?.code : undefined;
              const tokenWithoutSession = caller.name === 'the admin token' && route.url.startsWith('/api/v1/session');
              if (code && REFUSALS.has(code) && !tokenWithoutSession) unsafe.push(`refused ${code}: ${route.method} ${spelling} as ${caller.name}`);
            }
            // Signing out ends the session the next callers use.
            if (route.method === 'DELETE' && route.url === '/api/v1/session' && response.statusCode < 300 && caller.role && caller.name.endsWith('session')) await signInAs(caller.role);
          }
        }
      }
      expect(unsafe).toEqual([]);
      expect(requests).toBeGreaterThan(8_000);
    });
  });
}
