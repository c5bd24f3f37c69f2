import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChangePasswordBodySchema, SignInBodySchema } from '@leadpulse/contract';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import type { UserRecord } from '../../app/user-ports.js';
import { SESSION_IDLE_MS, type NewSession } from '../../app/sessions.js';
import { parseBody } from '../parse-body.js';
import { sendError } from '../send-error.js';
import { isSecureRequest, sessionCookie } from '../session-cookie.js';
import { withAccess } from '../route-access.js';

export const userDocument = (user: UserRecord) => ({ id: user.id, email: user.email, name: user.name, role: user.role });

/** Sign-in (public), the current session, a password change, and sign-out. The cookie carries the token; the body carries the CSRF token. */
export function registerSessionRoutes(http: FastifyInstance, app: LeadPulseApp, options: { publicUrl?: string }) {
  // A new session goes to the browser as its cookie, and to the page as its CSRF token.
  const opened = (request: FastifyRequest, reply: FastifyReply, { token, user, session }: NewSession) => {
    reply.header('set-cookie', sessionCookie(token, { maxAgeMs: SESSION_IDLE_MS, secure: isSecureRequest(request, options.publicUrl) }));
    return { user: userDocument(user), csrfToken: session.csrfToken };
  };

  http.post('/api/v1/session', withAccess('public'), async (request, reply) => {
    const body = parseBody(request, SignInBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const signedIn = await app.sessions.signIn({ ...body.value, ip: request.ip });
    if (!signedIn.ok) return sendError(reply, signedIn.error);
    return opened(request, reply, signedIn.value);
  });

  // Reading, ending one's own session and changing one's own password are open to every signed-in role.
  http.get('/api/v1/session', withAccess('read'), async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind !== 'session') return sendError(reply, { code: 'unauthenticated', message: 'The admin token has no session; sign in with POST /api/v1/session.' });
    return { user: userDocument(principal.user), csrfToken: principal.session.csrfToken };
  });

  http.post('/api/v1/session/password', withAccess('read'), async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind !== 'session') return sendError(reply, { code: 'unauthenticated', message: 'The admin token has no password; sign in as a user to change yours.' });
    const body = parseBody(request, ChangePasswordBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const changed = await app.sessions.changePassword({ userId: principal.user.id, ...body.value, ip: request.ip });
    if (!changed.ok) return sendError(reply, changed.error);
    return opened(request, reply, changed.value);
  });

  http.delete('/api/v1/session', withAccess('read'), async (request, reply) => {
    if (request.principal?.kind === 'session') await app.sessions.signOut(request.principal.token);
    reply.header('set-cookie', sessionCookie('', { maxAgeMs: 0, secure: isSecureRequest(request, options.publicUrl) }));
    return reply.code(204).send();
  });
}
