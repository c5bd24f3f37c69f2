import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'lp_session';

/** The session token from the Cookie header, if any. */
export function readSessionToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** Secure when the request came over https (X-Forwarded-Proto counts with trustProxy) or the public URL is https. */
export const isSecureRequest = (request: FastifyRequest, publicUrl: string | undefined): boolean => request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false);

/** The Set-Cookie value for a session; maxAgeMs 0 clears it. Strict same-site: no other site can send it. */
export function sessionCookie(token: string, options: { maxAgeMs: number; secure: boolean }): string {
  return [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${Math.floor(options.maxAgeMs / 1000)}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}
