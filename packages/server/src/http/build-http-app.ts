import { fastify, type FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from '@leadpulse/contract';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import type { Logger } from '../app/ports.js';
import type { Config } from '../config/schema.js';
import { isStoreUnavailable } from '../app/store-unavailable-error.js';
import { registerAdminAuth } from './admin-auth.js';
import { registerAudienceRoutes } from './admin-routes/audiences.js';
import { registerConversionRoutes } from './admin-routes/conversions.js';
import { registerModelRoutes } from './admin-routes/model.js';
import { registerContactRoutes } from './admin-routes/contacts.js';
import { registerDoctrineRoutes } from './admin-routes/doctrine.js';
import { registerKeyRoutes } from './admin-routes/keys.js';
import { registerReportRoutes } from './admin-routes/reports.js';
import { registerScenarioRoutes } from './admin-routes/scenarios.js';
import { registerSegmentRoutes } from './admin-routes/segments.js';
import { registerSendRoutes } from './admin-routes/sends.js';
import { registerTaskRoutes } from './admin-routes/tasks.js';
import { registerTemplateRoutes } from './admin-routes/templates.js';
import { registerStageFeedRoute, type StageFeedOptions } from './admin-routes/stage-feed.js';
import { registerSessionRoutes } from './admin-routes/session.js';
import { registerUserRoutes } from './admin-routes/users.js';
import { MAX_REQUEST_BYTES } from './decode-body.js';
import { registerIngestionRoutes } from './ingestion-routes.js';
import { registerFeedbackRoutes } from './feedback-routes.js';
import { sendError } from './send-error.js';
import { registerTrackerScript } from './tracker-script.js';
import { registerTrackingRoutes } from './tracking-routes.js';
import { registerUnsubscribeRoutes } from './unsubscribe-routes.js';
import { registerConsentRoutes } from './admin-routes/consent.js';
import { registerDashboard } from './dashboard-assets.js';
import { requireDeclaredAccess, withAccess } from './route-access.js';

/** The HTTP shell: thin routes over the use cases, one error edge, no port opened until `listen`. */
export interface HttpOptions {
  readonly logger: Logger;
  readonly trustProxy?: Config['trustProxy'];
  readonly publicUrl?: string;
  readonly stageFeed?: StageFeedOptions;
  /** One line per request: `info` in production (a log collector keeps them); `debug` in the demo, whose terminal shows its banner. */
  readonly requestLogLevel?: 'info' | 'debug';
  /** Slow clients (slowloris) are cut off: headers must arrive within `headersMs`, the whole request within `requestMs`. */
  readonly timeouts?: { readonly headersMs: number; readonly requestMs: number; readonly checkEveryMs: number };
}

// A hop count trusts that many addresses from the right (the socket's, then X-Forwarded-For's), as proxy-addr does.
const toProxyTrust = (trust: Config['trustProxy']) => (typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust);

const DEFAULT_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 2_000 };

export function buildHttpApp(app: LeadPulseApp, options: HttpOptions): FastifyInstance {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const http = fastify({
    // Our own checks answer 413 in the documented format; Fastify's limit is only a backstop.
    bodyLimit: MAX_REQUEST_BYTES,
    trustProxy: toProxyTrust(options.trustProxy ?? false),
    // Time to receive a request, not to answer it: the stage feed's long responses are unaffected.
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    genReqId: (() => {
      let n = 0;
      return () => `req-${Date.now().toString(36)}-${(n++).toString(36)}`;
    })(),
  });
  requireDeclaredAccess(http);
  // Bodies are read raw: ingestion accepts JSON as text/plain and gzip, which default parsers refuse.
  http.removeAllContentTypeParsers();
  http.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Nothing we answer is to be sniffed into another type, and no API answer is to be kept by a shared cache.
  http.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  http.addHook('onResponse', async (request, reply) => {
    options.logger[options.requestLogLevel ?? 'info']({ requestId: request.id, method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'http.request');
  });
  http.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, { code: 'payload_too_large', message: `The request body is over ${MAX_REQUEST_BYTES} bytes (500 KB).` });
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, { code: 'unsupported_media_type', message: 'Send JSON as application/json or text/plain.' });
    if (isStoreUnavailable(error)) {
      // An outage, not a bug: clients retry (ingestion is idempotent on messageId); the pool reconnects by itself.
      options.logger.warn({ requestId: request.id, err: error }, 'http.store_unavailable');
      return sendError(reply, { code: 'store_unavailable', message: 'The database is unreachable right now; retry in a few seconds.', retryAfterMs: 2000 }, { requestId: request.id });
    }
    options.logger.error({ requestId: request.id, err: error }, 'http.error');
    return sendError(reply, { code: 'internal_error', message: 'An unexpected error occurred; the server log has the details.' }, { requestId: request.id });
  });
  http.setNotFoundHandler((request, reply) => sendError(reply, { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` }));

  http.get('/health', withAccess('public'), async () => ({ status: 'ok' }));
  http.get('/ready', withAccess('public'), async (_request, reply) =>
    (await app.isReady()) ? { status: 'ready' } : sendError(reply, { code: 'not_ready', message: 'The store is unreachable or migrations are not applied.' }),
  );
  const openApi = buildOpenApiDocument();
  http.get('/api/v1/openapi.json', withAccess('public'), async () => openApi);

  registerTrackerScript(http);
  registerDashboard(http);
  registerIngestionRoutes(http, app);
  registerAdminAuth(http, app, { publicUrl: options.publicUrl });
  registerSessionRoutes(http, app, { publicUrl: options.publicUrl });
  registerUserRoutes(http, app);
  registerContactRoutes(http, app);
  registerDoctrineRoutes(http, app);
  registerKeyRoutes(http, app);
  registerReportRoutes(http, app);
  registerScenarioRoutes(http, app);
  registerSegmentRoutes(http, app);
  registerTemplateRoutes(http, app);
  registerSendRoutes(http, app);
  registerTaskRoutes(http, app);
  registerTrackingRoutes(http, app.engagement);
  registerUnsubscribeRoutes(http, app.unsubscribe);
  registerConsentRoutes(http, app);
  registerStageFeedRoute(http, app, options.stageFeed);
  registerFeedbackRoutes(http, app);
  registerAudienceRoutes(http, app);
  registerConversionRoutes(http, app);
  registerModelRoutes(http, app);
  return http;
}
