import { TALLY } from '@leadpulse/core';
import { fastify } from 'fastify';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { renderPage } from './render-page.js';
import { FORM_TARGETS, SITE_PAGES } from './site-pages.js';
import { SITE_SCRIPT, SITE_STYLES, whitePaperPdf } from './site-script.js';

export const DEMO_SITE_KEY_LABEL = 'demo site';

export interface DemoSiteOptions {
  readonly app: LeadPulseApp;
  /** Where browsers reach LeadPulse; by default the demo site's own host name on `leadpulsePort`. */
  readonly leadpulseUrl?: string;
  readonly leadpulsePort: number;
  readonly port: number;
  readonly host: string;
}

export interface DemoSite {
  readonly url: string;
  readonly writeKey: string;
  close(): Promise<void>;
}

/**
 * Serves the demo company's website on its own port (so the tracker really works cross-origin, as on a customer's
 * site), with a fresh write key restricted to the site's origins. Earlier demo-site keys are revoked.
 */
export async function startDemoSite(options: DemoSiteOptions): Promise<DemoSite> {
  const { app } = options;
  const http = fastify();
  // Forms post to thank-you pages; the site itself keeps nothing, LeadPulse's tracker has already read what it may.
  http.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, null));
  let writeKey = '';

  const html = (path: string) => async (request: { protocol: string; hostname: string }, reply: { type(t: string): { send(b: string): unknown } }) => {
    const host = options.leadpulseUrl ?? `${request.protocol}://${request.hostname.replace(/:\d+$/, '')}:${options.leadpulsePort}`;
    return reply.type('text/html; charset=utf-8').send(renderPage(SITE_PAGES[path]!, { host, writeKey }));
  };
  for (const path of Object.keys(SITE_PAGES)) http.get(path, html(path));
  for (const path of FORM_TARGETS) http.post(path, html(path));
  http.get('/site.js', async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(SITE_SCRIPT));
  http.get('/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(SITE_STYLES));
  const pdf = whitePaperPdf();
  http.get('/files/livre-blanc-conversion.pdf', async (_request, reply) =>
    reply.type('application/pdf').header('content-disposition', 'attachment; filename="livre-blanc-conversion.pdf"').send(pdf),
  );
  http.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  // The visitor's own contact, for the panel in the corner: what LeadPulse sees, live.
  http.get('/_demo/me', async (request) => {
    const anonymousId = (request.query as Record<string, string | undefined>)['anonymousId'];
    if (!anonymousId) return { found: false };
    const found = await app.lookupContact({ anonymousId });
    if (!found.ok) return { found: false };
    const { record, stageLabels } = found.value;
    return {
      found: true,
      stage: record.stage,
      label: stageLabels,
      score: Math.round(record.score),
      reasons: record.reasons.flatMap((reason) => reason.conditions.map((condition) => condition.text)),
      pages: record.state.tallies[TALLY.pageViews]?.n ?? 0,
      engagedSeconds: record.state.tallies[TALLY.engagedSeconds]?.sum ?? 0,
      email: record.email,
    };
  });

  await http.listen({ port: options.port, host: options.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  for (const key of await app.listKeys()) if (key.kind === 'write' && key.label === DEMO_SITE_KEY_LABEL && key.revokedAt === null) await app.revokeKey(key.id);
  const origins = ['localhost', '127.0.0.1', '[::1]'].map((name) => `http://${name}:${port}`);
  writeKey = (await app.createKey('write', { label: DEMO_SITE_KEY_LABEL, allowedOrigins: origins })).secret;
  return { url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`, writeKey, close: () => http.close() };
}
