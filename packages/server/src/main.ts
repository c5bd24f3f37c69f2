import type { FastifyInstance } from 'fastify';
import { createApp } from './app/create-app.js';
import { configDefaults, type Config } from './config/schema.js';
import { createDoctrineAdmin } from './app/doctrine-admin.js';
import { seedDeployment } from './app/seed-deployment.js';
import { createModelTraining } from './app/predict/model-training.js';
import type { LeadPulseApp } from './app/leadpulse-app.js';
import { newId } from './app/new-id.js';
import type { Clock, Logger, Store } from './app/ports.js';
import { systemClock } from './app/system-clock.js';
import { buildHttpApp, type HttpOptions } from './http/build-http-app.js';
import { isBotUserAgent } from './ingestion/is-bot.js';
import { createIngestionPipeline } from './ingestion/pipeline.js';
import { createLogger } from './log/create-logger.js';
import { startScheduler } from './scheduler/start-scheduler.js';
import { createStore } from './storage/create-store.js';
import { createFollowUps } from './app/scenarios/follow-ups.js';
import { createCouriers } from './messaging/create-couriers.js';
import { createEmailFeedback } from './app/email-feedback.js';
import { createEmailDomainCheck, type TxtResolver } from './app/email-domain-check.js';
import { systemTxtResolver } from './app/email-domain-check-resolver.js';
import { loadDkimSigning } from './messaging/dkim-key.js';
import { pollFeedbackMaildir } from './scheduler/poll-feedback-maildir.js';
import { createEmailTokens } from './messaging/email-tokens.js';
import { createActiveSegments } from './app/segments/active-segments.js';
import { createFindMembers } from './app/segments/find-members.js';
import { createMembershipRebuilds } from './app/segments/rebuild-membership.js';
import { createAudiences } from './app/audiences/create-audiences.js';
import { createConversions } from './app/conversions/create-conversions.js';
import { conversionSettingsOf } from './app/conversions/conversion-settings.js';
import { withConversions } from './app/conversions/queue-conversions.js';
import { audiencePlatformsOf, type AudienceSettingsInput } from './app/audiences/audience-platform-config.js';

/** The settings buildServer reads: a slice of the full Config. */
export type ServerConfig = Pick<Config, 'port' | 'host' | 'publicUrl' | 'trustProxy' | 'dataDir' | 'databaseUrl' | 'adminToken' | 'writeKey' | 'role' | 'logLevel' | 'schedulerIntervalMs' | 'ingestBatchMax' | 'ingestFlushMs'> &
  Partial<Pick<Config, 'modelRetrainDays' | 'smtpUrl' | 'emailFrom' | 'sendRate' | 'sendPipeline' | 'smsUrl' | 'secret' | 'webhooksPrivate' | 'dkimDomain' | 'dkimSelector' | 'dkimPrivateKey' | 'bounceMaildir' | 'timeZone' | AudienceConfigKey | ConversionConfigKey>>;

/** What the conversions forwarder reads beyond the audiences' credentials (docs/conversions.md). */
type ConversionConfigKey = 'metaPixelId' | 'metaTestEventCode' | 'googleAdsConversionActions' | 'conversionEvents' | 'conversionCurrency' | 'googleOauthUrl';
/** The ad platforms' credentials and URLs audiences read (docs/audiences.md). */
type AudienceConfigKey = keyof AudienceSettingsInput;

export interface ServerOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly store?: Store;
  /** HTTP limits that tests shorten (timeouts, live-feed caps), and the level of the per-request log line (the demo's is debug). */
  readonly http?: Pick<HttpOptions, 'timeouts' | 'stageFeed' | 'requestLogLevel'>;
  /** DNS for the sending domain's check; tests pass a stub (DNS is an outside service). */
  readonly txtResolver?: TxtResolver;
}

export interface LeadPulseServer {
  readonly app: LeadPulseApp;
  readonly http: FastifyInstance;
  readonly store: Store;
  readonly logger: Logger;
  /** Secrets generated on this start (first start of a store without configured keys); print them once. */
  readonly generated: { readonly writeKey?: string; readonly adminToken?: string };
  /** Listens on the configured port and starts the scheduler (roles `all` and `worker`). */
  start(): Promise<{ url: string }>;
  /** Waits for pending writes, then closes everything. */
  stop(): Promise<void>;
}

/** The composition root: builds every driver from config and passes it down explicitly. */
export async function buildServer(config: ServerConfig, overrides: ServerOverrides = {}): Promise<LeadPulseServer> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const store = overrides.store ?? (await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger }));
  await store.migrate();

  // Live segments: every write keeps their membership; a saved segment is rebuilt in the background.
  const activeSegments = createActiveSegments({ store, logger });
  await activeSegments.refresh();
  const doctrine = createDoctrineAdmin({ store, clock, segments: activeSegments.current });
  const { secret, writeKey, adminToken } = await seedDeployment({ store, clock, doctrine, configured: config });
  // The predictive score (docs/predictive-score.md): the published model joins every evaluation.
  const models = createModelTraining({ store, doctrine: doctrine.current, usePredictor: doctrine.usePredictor, clock, logger: logger.child({ scope: 'model' }), retrainDays: config.modelRetrainDays ?? configDefaults.modelRetrainDays });
  await models.refresh();
  const dkim = await loadDkimSigning(config);
  const couriers = await createCouriers({ smtpUrl: config.smtpUrl, emailFrom: config.emailFrom, sendRate: config.sendRate, sendPipeline: config.sendPipeline, smsUrl: config.smsUrl, webhooksPrivate: config.webhooksPrivate, secret, dataDir: config.dataDir, logger: logger.child({ scope: 'outbox' }), dkim });
  // Scenarios ingest the events they cause (a trait set, a task done) through the same pipeline, built just below.
  const ingestOwn = { events: async (_events: readonly Record<string, unknown>[]): Promise<void> => {} };
  const followUps = createFollowUps({
    store,
    clock,
    logger: logger.child({ scope: 'scenarios' }),
    doctrine: doctrine.current,
    couriers,
    publicUrl: config.publicUrl ?? null,
    timeZone: config.timeZone,
    ingestEvents: (events) => ingestOwn.events(events),
    tokens: createEmailTokens(secret),
  });
  await followUps.active.refresh();
  // Site events forwarded to Meta and Google (docs/conversions.md): queued by the write transaction, sent by the scheduler.
  const conversions = createConversions({ store, clock, logger: logger.child({ scope: 'conversions' }), settings: conversionSettingsOf(config) });
  const pipeline = createIngestionPipeline({
    store,
    clock,
    logger: logger.child({ scope: 'ingest' }),
    doctrine: doctrine.current,
    latestDoctrine: doctrine.latestIn,
    isBot: isBotUserAgent,
    generateId: () => newId('ev', clock.now().getTime()),
    batchMax: config.ingestBatchMax,
    lingerMs: config.ingestFlushMs,
    followUp: withConversions(followUps.onWrite, conversions.queue),
    segments: activeSegments.current,
  });
  const findMembers = createFindMembers({ store });
  const segmentRebuilds = createMembershipRebuilds({ store, active: activeSegments, clock, logger: logger.child({ scope: 'segments' }), candidates: (segment, now) => findMembers.memberIds(segment.definition, now) });
  // A segment left 'building' by a stop or a crash is rebuilt now, in the background.
  await segmentRebuilds.resume();
  ingestOwn.events = async (events) => void (await pipeline.ingest(events, { receivedAt: clock.now().getTime() }));
  const emailFeedback = createEmailFeedback({ store, clock, logger: logger.child({ scope: 'email-feedback' }), ingestEvents: (events) => ingestOwn.events(events), secret });
  const checkEmailDomain = createEmailDomainCheck({ resolver: overrides.txtResolver ?? systemTxtResolver(), clock, emailFrom: config.emailFrom ?? configDefaults.emailFrom, dkim });
  const audiences = createAudiences({ store, clock, logger: logger.child({ scope: 'audiences' }), platforms: audiencePlatformsOf(config) });
  const { app } = createApp({ store, clock, ingest: pipeline.ingest, followUps, emailFeedback, checkEmailDomain, audiences, segmentMembership: { active: activeSegments, rebuilds: segmentRebuilds }, conversions: conversions.conversions, models }, doctrine);
  // Built on first use: a CLI command (import, reclassify…) never serves, and registering every route costs it ~0.2 s.
  let builtHttp: FastifyInstance | null = null;
  const http = () => (builtHttp ??= buildHttpApp(app, { ...overrides.http, logger: logger.child({ scope: 'http' }), trustProxy: config.trustProxy, publicUrl: config.publicUrl }));

  let scheduler: ReturnType<typeof startScheduler> | null = null;
  let maildir: ReturnType<typeof pollFeedbackMaildir> | null = null;
  let refreshScenarios: ReturnType<typeof setInterval> | null = null;
  return {
    app,
    get http() {
      return http();
    },
    store,
    logger,
    generated: { writeKey: writeKey?.secret, adminToken: adminToken?.secret },
    async start() {
      if (config.role !== 'worker') await http().listen({ port: config.port, host: config.host });
      // Every role enrols on ingestion, so every role picks up scenarios activated, paused or deleted by another process.
      refreshScenarios = setInterval(() => {
        // A doctrine saved by another process (the scheduler reloads it every tick in the other roles). On PostgreSQL
        // each write also checks under its locks (write-batch.ts); this keeps reads, previews and labels current too.
        if (config.role === 'api') void doctrine.loadDoctrine().catch((error: unknown) => logger.warn({ err: error }, 'doctrine.refresh_failed'));
        void followUps.active.refresh().catch((error: unknown) => logger.warn({ err: error }, 'scenarios.refresh_failed'));
        // Every role keeps segments live on ingestion, so every role picks up segments saved or deleted elsewhere.
        void activeSegments.refreshIfChanged().catch((error: unknown) => logger.warn({ err: error }, 'segments.refresh_failed'));
        // A model published by another process scores this one's evaluations too.
        void models.refresh().catch((error: unknown) => logger.warn({ err: error }, 'model.refresh_failed'));
      }, config.schedulerIntervalMs * 5);
      refreshScenarios.unref();
      if (config.role !== 'api') {
        scheduler = startScheduler({ app, logger: logger.child({ scope: 'scheduler' }), intervalMs: config.schedulerIntervalMs, refreshDoctrine: async () => {
          await doctrine.loadDoctrine();
          // A segment saved or deleted by another process (PostgreSQL scale-out): a cheap fingerprint check.
          await activeSegments.refreshIfChanged();
        } });
        if (config.bounceMaildir) maildir = pollFeedbackMaildir({ app, dir: config.bounceMaildir, intervalMs: Math.max(config.schedulerIntervalMs, 10_000), logger: logger.child({ scope: 'email-feedback' }) });
      }
      const address = http().server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      return { url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}` };
    },
    async stop() {
      if (refreshScenarios) clearInterval(refreshScenarios);
      await scheduler?.stop();
      await maildir?.stop();
      await builtHttp?.close();
      await pipeline.drain();
      await segmentRebuilds.idle();
      await models.running();
      await couriers.close();
      await store.close();
    },
  };
}
