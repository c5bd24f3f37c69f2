import { timingSafeEqual } from 'node:crypto';
import { err, ok, roleAllows, type DomainError, type Result } from '@leadpulse/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { SESSION_IDLE_MS } from '../app/sessions.js';
import type { Principal } from './principal.js';
import { sendError } from './send-error.js';
import { isSecureRequest, readSessionToken, sessionCookie } from './session-cookie.js';

// Methods a browser may send cross-site without a preflight are only reads here, so they need no CSRF token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (given: string | string[] | undefined, expected: string) =>
  typeof given === 'string' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * Who is calling: `Authorization: Bearer <admin token>` acts as an admin; otherwise the `lp_session` cookie names a
 * signed-in user. The session routes answer `unauthenticated` to a caller with neither; other routes keep the
 * admin API's historical `missing_admin_token`.
 */
async function identify(request: FastifyRequest, app: LeadPulseApp, route: string): Promise<Result<Principal & { renewed?: boolean }, DomainError>> {
  const header = request.headers.authorization;
  const cookieToken = readSessionToken(request);
  if (header || !cookieToken) {
    if (!header && route.startsWith('/api/v1/session')) return err({ code: 'unauthenticated', message: 'No valid session: sign in with POST /api/v1/session.' });
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const key = await app.authenticateAdmin(token);
    return key.ok ? ok({ kind: 'token', role: 'admin' }) : key;
  }
  const signedIn = await app.sessions.authenticate(cookieToken);
  return signedIn.ok ? ok({ kind: 'session', role: signedIn.value.user.role, token: cookieToken, ...signedIn.value }) : signedIn;
}

/**
 * Checks what the matched route declares (route-access.ts), never the raw URL: the router has already decoded and
 * matched the path, so no spelling of a path reaches a handler without its route's check. Authenticates the caller,
 * checks CSRF for cookie sessions, then the role. Unmatched requests fall to the 404 handler, which holds nothing.
 */
export function registerAdminAuth(http: FastifyInstance, app: LeadPulseApp, options: { publicUrl?: string }) {
  http.decorateRequest('principal', null);
  http.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // The write key is read from the body, so ingestion routes check it themselves.
    if (access === 'public' || access === 'write_key') return;
    // Only the not-found handler has no declaration (requireDeclaredAccess), and it answers 404 with nothing in it.
    if (access === undefined) {
      if (request.is404) return;
      return sendError(reply, { code: 'forbidden', message: 'This route declares no access.' });
    }
    const route = request.routeOptions.url ?? '';
    const principal = await identify(request, app, route);
    if (!principal.ok) return sendError(reply, principal.error);
    request.principal = principal.value;
    if (principal.value.kind === 'session') {
      if (!SAFE_METHODS.has(request.method) && !sameSecret(request.headers['x-csrf-token'], principal.value.session.csrfToken)) {
        return sendError(reply, { code: 'csrf_failed', message: 'Send the header x-csrf-token with the csrfToken of GET /api/v1/session.' });
      }
      // The server pushed the idle expiry back; the browser's cookie follows it.
      if (principal.value.renewed) reply.header('set-cookie', sessionCookie(principal.value.token, { maxAgeMs: SESSION_IDLE_MS, secure: isSecureRequest(request, options.publicUrl) }));
    }
    if (!roleAllows(principal.value.role, access)) {
      return sendError(reply, { code: 'forbidden', message: `The ${principal.value.role} role cannot ${request.method} ${route}.` });
    }
  });
}
