import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmailEngagement } from '../app/email-engagement.js';
import { withAccess } from './route-access.js';
import { sendError } from './send-error.js';

/** A transparent 1x1 GIF (43 bytes): the open pixel. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

// Every load of the pixel must reach us to count, and no proxy may keep a redirect that names one reader's token.
const NO_CACHE = { 'cache-control': 'no-store, no-cache, must-revalidate, private, max-age=0', pragma: 'no-cache', expires: '0' } as const;

type TokenRequest = FastifyRequest<{ Params: { '*': string } }>;
// A wildcard, not a `:token` parameter: tokens that seal a long URL outgrow the router's 100-character parameter limit
// (the token's own check bounds them).
const requestOf = (request: TokenRequest) => ({
  token: request.params['*'],
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
  ip: request.ip ?? null,
});

/**
 * The open pixel and click redirect of sent email, under LEADPULSE_PUBLIC_URL: public, since mail clients carry no
 * credentials. A forged or expired token answers 404 and changes nothing; the pixel stays a GIF even then, so a mail
 * client never shows a broken image.
 */
export function registerTrackingRoutes(http: FastifyInstance, engagement: EmailEngagement) {
  http.get<{ Params: { '*': string } }>('/e/o/*', withAccess('public'), async (request, reply: FastifyReply) => {
    const genuine = await engagement.open(requestOf(request));
    return reply.code(genuine ? 200 : 404).headers({ ...NO_CACHE, 'content-type': 'image/gif' }).send(PIXEL_GIF);
  });

  http.get<{ Params: { '*': string } }>('/e/c/*', withAccess('public'), async (request, reply: FastifyReply) => {
    const location = await engagement.click(requestOf(request));
    reply.headers(NO_CACHE);
    if (!location) return sendError(reply, { code: 'not_found', message: 'This link is not valid or has expired.' });
    // The token's URL is the one that was in the message, so this is no open redirect; the tracking URL is no referrer.
    return reply.header('referrer-policy', 'no-referrer').redirect(location, 302);
  });
}
