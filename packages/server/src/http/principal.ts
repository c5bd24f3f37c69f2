import type { UserRole } from '@leadpulse/core';
import type { SignedIn } from '../app/sessions.js';

/** Who is calling /api: the admin token (acting as an admin), or a signed-in user with their session. */
export type Principal = { readonly kind: 'token'; readonly role: 'admin' } | ({ readonly kind: 'session'; readonly role: UserRole; readonly token: string } & SignedIn);

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public /api route. */
    principal: Principal | null;
  }
}
