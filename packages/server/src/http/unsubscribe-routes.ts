import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UNSUBSCRIBE_TOPICS, type Unsubscribe, type UnsubscribeTopic } from '../app/unsubscribe.js';
import { decodeBody } from './decode-body.js';
import { withAccess } from './route-access.js';
import { renderInvalidLink, renderUnsubscribed, renderUnsubscribePage } from './unsubscribe-page.js';

type TokenRequest = FastifyRequest<{ Params: { '*': string } }>;

// Personal pages: no cache may keep them, no search engine list them, and no one frame them.
const PAGE_HEADERS = { 'cache-control': 'no-store, private', 'x-robots-tag': 'noindex', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' } as const;

const localeOf = (request: FastifyRequest): 'en' | 'fr' => (String(request.headers['accept-language'] ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en');

/**
 * What a POST asks. The page's form sends `page=1` and a `topic` per ticked box; anything else is a mail client's
 * RFC 8058 one-click (`List-Unsubscribe=One-Click`, urlencoded or multipart), which unsubscribes from marketing email.
 */
function choiceOf(request: FastifyRequest): { source: 'one-click' | 'unsubscribe-page'; topics: UnsubscribeTopic[] } {
  const decoded = decodeBody(request.body as Buffer | undefined, request.headers['content-encoding']);
  const text = decoded.ok ? decoded.value : '';
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) return { source: 'one-click', topics: [] };
  const form = new URLSearchParams(text);
  if (form.get('page') !== '1') return { source: 'one-click', topics: [] };
  const topics = form.getAll('topic').filter((t): t is UnsubscribeTopic => (UNSUBSCRIBE_TOPICS as readonly string[]).includes(t));
  return { source: 'unsubscribe-page', topics };
}

/**
 * The unsubscribe link of marketing email, under LEADPULSE_PUBLIC_URL, public (mail clients carry no credentials).
 * GET shows the page and never unsubscribes; POST unsubscribes at once and answers 200 with a short page, never a
 * redirect (RFC 8058). A forged or expired token answers 404 and changes nothing.
 */
export function registerUnsubscribeRoutes(http: FastifyInstance, unsubscribe: Unsubscribe) {
  // A wildcard, as for the tracking paths: a token may outgrow the router's parameter length limit.
  http.get<{ Params: { '*': string } }>('/e/u/*', withAccess('public'), async (request: TokenRequest, reply: FastifyReply) => {
    const page = await unsubscribe.page(request.params['*']);
    reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
    return page ? reply.send(renderUnsubscribePage(page)) : reply.code(404).send(renderInvalidLink(localeOf(request)));
  });

  http.post<{ Params: { '*': string } }>('/e/u/*', withAccess('public'), async (request: TokenRequest, reply: FastifyReply) => {
    const token = request.params['*'];
    const choice = choiceOf(request);
    const page = choice.source === 'unsubscribe-page' ? await unsubscribe.page(token) : null;
    const done = await unsubscribe.unsubscribe(token, choice);
    reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
    if (!done) return reply.code(404).send(renderInvalidLink(localeOf(request)));
    return reply.code(200).send(renderUnsubscribed(page?.locale ?? localeOf(request)));
  });
}
