import { join } from 'node:path';
import type { Logger } from '../app/ports.js';
import { configDefaults } from '../config/schema.js';
import type { Courier } from './courier.js';
import type { DkimSigning } from './dkim-key.js';
import type { InboxMessage } from './mail-sink.js';
import { createWebhookCourier } from './webhook-courier.js';

/** The slice of the configuration the couriers read. */
export interface CourierSettings {
  /** LEADPULSE_SMTP_URL; unset means the local mail sink under `dataDir`. */
  readonly smtpUrl?: string | undefined;
  /** LEADPULSE_EMAIL_FROM and LEADPULSE_SEND_RATE; their defaults when absent. */
  readonly emailFrom?: string | undefined;
  readonly sendRate?: number | undefined;
  /** LEADPULSE_SEND_PIPELINE: messages a relay may hold before their outcome is recorded. */
  readonly sendPipeline?: number | undefined;
  /** LEADPULSE_SMS_URL; unset means no SMS courier. */
  readonly smsUrl?: string | undefined;
  /** LEADPULSE_SECRET, or the generated one the store keeps. */
  readonly secret: string;
  /** LEADPULSE_WEBHOOKS_PRIVATE: webhooks may reach private and local addresses. */
  readonly webhooksPrivate?: boolean | undefined;
  readonly dataDir: string;
  readonly logger: Logger;
  /** LEADPULSE_DKIM_*, loaded: relay and local sink sign alike. */
  readonly dkim?: DkimSigning | null;
}

/** One courier per channel (sales alerts go by email or webhook), and what the dashboard's test inbox reads. */
export interface Couriers {
  readonly email: Courier;
  /** Null until an SMS provider is configured: such sends wait, then dead-letter with the reason. */
  readonly sms: Courier | null;
  readonly webhook: Courier;
  /** Messages past their point of no return and not yet recorded, at most (the outbox's hand-over gate); default 1. */
  readonly handOvers?: number;
  /** The local mail sink's messages, newest first; null when a relay is configured (the mail left). */
  readonly inbox: ((limit: number) => Promise<InboxMessage[]>) | null;
  close(): Promise<void>;
}

/** Where the local mail sink keeps its messages. */
export const mailSinkDir = (dataDir: string) => join(dataDir, 'mail-sink');

/** Messages handed to the local mail sink at once: a batch's worth, committed together. */
const SINK_IN_FLIGHT = 100;

export async function createCouriers(settings: CourierSettings): Promise<Couriers> {
  const from = settings.emailFrom ?? configDefaults.emailFrom;
  // Each courier's libraries (nodemailer, libphonenumber-js) load only when that courier is configured.
  const { createMailSink } = await import('./mail-sink.js');
  const sink = settings.smtpUrl ? null : createMailSink({ dir: mailSinkDir(settings.dataDir), from, dkim: settings.dkim ?? null });
  const email = sink ?? (await import('./smtp-courier.js')).createSmtpCourier({ url: settings.smtpUrl!, from, ratePerSecond: settings.sendRate ?? configDefaults.sendRate, logger: settings.logger, dkim: settings.dkim ?? null });
  if (sink) settings.logger.info({ dir: mailSinkDir(settings.dataDir) }, 'email.local_sink');

  let sms: Courier | null = null;
  if (settings.smsUrl) {
    const { createTwilioSmsProvider, twilioConfigFromUrl } = await import('./twilio-sms-provider.js');
    const { createSmsCourier } = await import('./sms-courier.js');
    const config = twilioConfigFromUrl(settings.smsUrl);
    // The config schema checked the URL's shape; what it cannot check (an unknown country) is said once here.
    if ('error' in config) settings.logger.error({ error: config.error }, 'sms.not_configured');
    else sms = createSmsCourier(createTwilioSmsProvider(config), config.defaultCountry ? { defaultCountry: config.defaultCountry } : {});
  }

  return {
    email,
    sms,
    webhook: createWebhookCourier({ secret: settings.secret, allowPrivate: settings.webhooksPrivate === true }),
    inbox: sink ? (limit) => sink.readInbox(limit) : null,
    ...(sink ? { forget: (messageIds: readonly string[]) => sink.forget(messageIds) } : {}),
    // The sink keeps one message per Message-ID, so many may be in flight at once; a relay takes the pool's share.
    ...(sink ? { inFlight: SINK_IN_FLIGHT } : {}),
    handOvers: settings.sendPipeline ?? configDefaults.sendPipeline,
    close: () => email.close(),
  };
}
