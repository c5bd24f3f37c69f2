import { isIP } from 'node:net';
import { checkUserInput, isTimeZone } from '@leadpulse/core';
import { z } from 'zod';

/**
 * Every setting, described once. The zod object validates and types the values; `CONFIG_META` says where each
 * one comes from. `docs/configuration.md`, `leadpulse config --help` and `leadpulse config` are generated from both.
 */
export type ConfigGroup = 'server' | 'storage' | 'security' | 'email' | 'ads' | 'ingestion' | 'demo' | 'logging';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Values arrive as strings (environment or flag); each schema reads the string form.
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max));
const urlWithScheme = (schemes: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((raw) => schemes.includes(/^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase() ?? '') && URL.canParse(raw));
const onOff = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((raw) => ['1', 'true', 'yes'].includes(raw));
const text = z.string().trim().min(1);
// Names proxy-addr (Fastify's trustProxy) knows, an address, or a CIDR range.
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (raw: string) => {
  if (PROXY_NAMES.includes(raw)) return true;
  const [address, bits, ...rest] = raw.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};
/**
 * Which proxies to believe: off, a number of hops in front of LeadPulse, or the proxies' addresses. Either way the
 * client is the first untrusted address from the right of X-Forwarded-For, never the left-most one it wrote itself.
 */
const proxyTrust = z
  .string()
  .trim()
  .transform((raw, context): false | number | string[] => {
    if (['0', 'false', 'no', ''].includes(raw)) return false;
    // `1` was the on value before hop counts and lists: it keeps meaning one proxy in front.
    if (['true', 'yes'].includes(raw)) return 1;
    if (/^\d{1,2}$/.test(raw)) return Number(raw);
    const list = raw.split(',').map((part) => part.trim()).filter(Boolean);
    if (list.length > 0 && list.every(isProxyAddress)) return list;
    context.addIssue({ code: 'custom', message: 'not a hop count or a list of proxy addresses' });
    return z.NEVER;
  });
const secret = z.string().min(16);
// `Name=Value,Name=Value`: the conversions' event map and Google's conversion actions.
const isPairList = (raw: string) => raw.split(',').every((entry) => /^\s*[^=,]+?\s*=\s*[^=,]+?\s*$/.test(entry));
// `Name <address>` or a bare address, as a From header takes it.
const mailbox = z
  .string()
  .trim()
  .refine((raw) => /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw));
// https://SID:TOKEN@host/?from=+33…: credentials and the sender number ride in the URL, like the SMTP URL's.
const smsProviderUrl = urlWithScheme(['http', 'https']).refine((raw) => {
  const url = new URL(raw);
  return url.username !== '' && url.password !== '' && /[?&]from=[^&]+/.test(url.search);
});

export const configSchema = z.object({
  port: wholeNumber(0, 65535).default(8080).describe('HTTP port for the ingestion and admin APIs (0 picks a free port).'),
  host: text.default('0.0.0.0').describe('Interface to listen on; 127.0.0.1 keeps LeadPulse private to this machine.'),
  publicUrl: urlWithScheme(['http', 'https']).optional().describe('Public base URL, used in tracking links and printed snippets.'),
  role: z.enum(['all', 'api', 'worker']).default('all').describe('What this process does in a scale-out deployment: api (HTTP only), worker (scheduler only) or all.'),
  trustProxy: proxyTrust
    .default(false)
    .describe(
      'Behind a load balancer or reverse proxy: the number of proxies in front of LeadPulse (1 for one), or their addresses and ranges (10.0.0.5,10.1.0.0/16, loopback). The client address (truncated before storage) is the first untrusted one from the right of X-Forwarded-For.',
    ),
  dataDir: text.default('./leadpulse-data').describe('Folder of the embedded SQLite store (used when LEADPULSE_DATABASE_URL is unset).'),
  databaseUrl: urlWithScheme(['postgres', 'postgresql']).optional().describe('PostgreSQL URL for the scale-out store; unset means embedded SQLite in LEADPULSE_DATA_DIR.'),
  adminToken: secret.optional().describe('Bearer token of the admin API; unset means one is generated on first start, printed once and stored (as a hash).'),
  writeKey: secret
    .optional()
    .describe('Write key for event senders (HTTP Basic username); unset means one is generated on first start, printed once and stored (as a hash).'),
  adminEmail: z
    .string()
    .trim()
    .toLowerCase()
    .refine((email) => checkUserInput({ email }).length === 0)
    .default('admin@localhost')
    .describe('Email of the first dashboard admin, created with a generated password (printed once) when `serve` starts on a store without users.'),
  secret: secret
    .optional()
    .describe('Signs webhooks (Standard Webhooks) and tracking tokens; unset means one is generated on first start and stored, so every process and restart signs alike.'),
  smtpUrl: urlWithScheme(['smtp', 'smtps']).optional().describe('SMTP server for outgoing email, e.g. smtp://user:pass@host:587.'),
  emailFrom: mailbox.default('LeadPulse <leadpulse@localhost>').describe('Sender of scenario emails (the From header), a name and an address or an address alone.'),
  timeZone: text
    .refine(isTimeZone)
    .default('UTC')
    .describe("Time zone (IANA) of a contact's quiet hours and send window when neither the contact, the tracker nor the doctrine's sending.defaultTimeZone names one."),
  sendRate: wholeNumber(1, 10_000)
    .default(10)
    .describe("Most emails handed to the SMTP relay per second; set it to the relay's own limit so the relay never throttles LeadPulse."),
  sendPipeline: wholeNumber(1, 20)
    .default(1)
    .describe(
      "Emails the relay may have taken before LeadPulse has recorded its answer: 1 means a crash repeats one message at most (under the same Message-ID). With a relay that answers in R ms, at most this many × 1000 / R messages leave per second: raise it for a distant relay, each one more possible repeat after a crash.",
    ),
  dkimDomain: text.optional().describe('Domain that signs outgoing email with DKIM (the d= tag), usually the domain of LEADPULSE_EMAIL_FROM; signing needs the selector and the private key too.'),
  dkimSelector: text.optional().describe('DKIM selector (the s= tag): the public key is published at <selector>._domainkey.<domain>.'),
  dkimPrivateKey: text
    .optional()
    .describe('DKIM private key: the PEM text itself (-----BEGIN PRIVATE KEY-----…), or the path of a file holding it. The settings screen shows the DNS record of its public key.'),
  bounceMaildir: text.optional().describe('A Maildir folder where bounces (DSN) and feedback-loop complaints (ARF) arrive; the scheduler reads new/ and moves each report to cur/. Unset means no mailbox is read.'),
  webhooksPrivate: onOff
    .default(false)
    .describe('1 lets scenario webhooks and sales-alert webhooks reach private, loopback and link-local addresses (an intranet CRM); by default they are refused, so a scenario cannot make the server probe its own network.'),
  smsUrl: smsProviderUrl
    .optional()
    .describe(
      'SMS provider with a Twilio-compatible Messages API, e.g. https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com/?from=+33612345678 (add &country=FR to read national numbers); unset means SMS steps wait, then fail with the reason.',
    ),
  metaAccessToken: text.optional().describe("Meta Marketing API access token (a system user's, with ads_management) used to sync audiences to Custom Audiences; unset means Meta syncs answer platform_not_configured."),
  metaAdAccount: text.optional().describe('Meta ad account that owns the Custom Audiences LeadPulse creates, as act_<id> or the bare id.'),
  metaApiUrl: urlWithScheme(['http', 'https']).optional().describe("Base URL of Meta's Graph API, version included; unset means https://graph.facebook.com/v21.0 (tests point it at a local fake)."),
  googleAdsDeveloperToken: text.optional().describe('Google Ads API developer token (the developer-token header) used to sync audiences to Customer Match; unset means Google syncs answer platform_not_configured.'),
  googleAdsCustomerId: text.optional().describe('Google Ads customer id (ten digits, dashes allowed) that owns the Customer Match lists.'),
  googleAdsLoginCustomerId: text.optional().describe('Manager account id sent as login-customer-id when the customer is reached through a manager account.'),
  googleAdsClientId: text.optional().describe('OAuth client id whose refresh token reaches the Google Ads customer.'),
  googleAdsClientSecret: text.optional().describe('OAuth client secret of LEADPULSE_GOOGLE_ADS_CLIENT_ID.'),
  googleAdsRefreshToken: text.optional().describe('OAuth refresh token (scope https://www.googleapis.com/auth/adwords) exchanged for an access token before each sync.'),
  googleAdsApiUrl: urlWithScheme(['http', 'https']).optional().describe('Base URL of the Google Ads REST API, version included; unset means https://googleads.googleapis.com/v19 (tests point it at a local fake).'),
  googleOauthUrl: urlWithScheme(['http', 'https']).optional().describe("Google's OAuth token endpoint that turns the refresh token into an access token; unset means https://oauth2.googleapis.com/token."),
  metaPixelId: text
    .regex(/^\d{1,32}$/)
    .optional()
    .describe("Meta pixel (dataset) id that receives the site's conversions through the Conversions API, with LEADPULSE_META_ACCESS_TOKEN; unset means nothing is forwarded to Meta (docs/conversions.md)."),
  metaTestEventCode: text.optional().describe("Meta Test Events code (TEST12345): forwarded events show in Events Manager's test tab and are not counted. Unset in production."),
  googleAdsConversionActions: text
    .refine(isPairList)
    .optional()
    .describe('Google Ads conversion action id per forwarded event name, e.g. Purchase=123456789,Lead=987654321; with the Google Ads credentials above, site conversions are uploaded to Google (docs/conversions.md). Unset means nothing is forwarded to Google.'),
  conversionEvents: text
    .refine(isPairList)
    .optional()
    .describe(
      'Which site events are forwarded to the ad platforms, and as what: LeadPulse event=platform event, e.g. Order Completed=Purchase,Form Submitted=Lead,page=PageView. Unset means Order Completed=Purchase, Form Submitted and Signed Up=Lead, Product Added=AddToCart, Checkout Started=InitiateCheckout, Trial Started=StartTrial.',
    ),
  conversionCurrency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/)
    .optional()
    .describe('Currency (ISO 4217) of forwarded values when the event names none; unset means EUR.'),
  ingestBatchMax: wholeNumber(1, 100_000).default(2000).describe('Most events written in one transaction; concurrent requests are grouped up to this size.'),
  ingestFlushMs: wholeNumber(0, 1000).default(2).describe('How long an idle writer waits for more requests before committing (milliseconds).'),
  schedulerIntervalMs: wholeNumber(50, 3_600_000).default(1000).describe('How often contacts whose classification changes with time are re-evaluated (milliseconds).'),
  modelRetrainDays: wholeNumber(0, 365).default(7).describe('The predictive score is trained again when the published model is this many days old (by the worker role); 0 trains only on demand.'),
  demo: onOff.default(false).describe('1 loads the demo dataset into an empty store at start.'),
  demoSite: onOff.default(false).describe("1 also serves the demo company's website, with the tracker installed, on LEADPULSE_DEMO_SITE_PORT."),
  demoSitePort: wholeNumber(0, 65535).default(8081).describe('HTTP port of the demo website (a separate origin, as a customer site would be).'),
  logLevel: z.enum(LOG_LEVELS).default('info').describe(`Log level: ${LOG_LEVELS.join(', ')}.`),
});

export type Config = Readonly<z.output<typeof configSchema>>;
export type ConfigField = keyof Config;

interface ConfigMeta {
  readonly env: string;
  /** The `leadpulse` flag that overrides the variable, if any. */
  readonly flag: string | null;
  readonly group: ConfigGroup;
  /** Masked by `leadpulse config` and never echoed in error messages. */
  readonly secret: boolean;
  /** Completes "LEADPULSE_X must be …" when a value is rejected. */
  readonly expected: string;
  /** How to fix a rejected value, when "set it to the default or unset it" is not the whole story. */
  readonly fix?: string;
}

const GENERATED_FIX = 'use a longer value (e.g. `openssl rand -hex 24`), or unset it to have one generated';

/** In documentation order. */
export const CONFIG_META: { readonly [F in ConfigField]-?: ConfigMeta } = {
  port: { env: 'LEADPULSE_PORT', flag: '--port', group: 'server', secret: false, expected: 'a whole number from 0 to 65535' },
  host: { env: 'LEADPULSE_HOST', flag: '--host', group: 'server', secret: false, expected: 'a host name or address such as 127.0.0.1' },
  publicUrl: { env: 'LEADPULSE_PUBLIC_URL', flag: '--public-url', group: 'server', secret: false, expected: 'a URL starting with http:// or https://' },
  role: { env: 'LEADPULSE_ROLE', flag: '--role', group: 'server', secret: false, expected: 'one of all, api, worker' },
  trustProxy: { env: 'LEADPULSE_TRUST_PROXY', flag: '--trust-proxy', group: 'server', secret: false, expected: '0, a number of proxies such as 1, or a comma-separated list of proxy addresses or CIDR ranges' },
  dataDir: { env: 'LEADPULSE_DATA_DIR', flag: '--data-dir', group: 'storage', secret: false, expected: 'a folder path' },
  databaseUrl: {
    env: 'LEADPULSE_DATABASE_URL',
    flag: '--database-url',
    group: 'storage',
    secret: true,
    expected: 'a URL starting with postgres:// or postgresql://',
    fix: 'fix it, or unset it to use the embedded SQLite store',
  },
  adminToken: { env: 'LEADPULSE_ADMIN_TOKEN', flag: null, group: 'security', secret: true, expected: 'at least 16 characters', fix: GENERATED_FIX },
  writeKey: { env: 'LEADPULSE_WRITE_KEY', flag: null, group: 'security', secret: true, expected: 'at least 16 characters', fix: GENERATED_FIX },
  adminEmail: { env: 'LEADPULSE_ADMIN_EMAIL', flag: null, group: 'security', secret: false, expected: 'an email address such as ana@example.fr' },
  secret: { env: 'LEADPULSE_SECRET', flag: null, group: 'security', secret: true, expected: 'at least 16 characters', fix: GENERATED_FIX },
  smtpUrl: { env: 'LEADPULSE_SMTP_URL', flag: null, group: 'email', secret: true, expected: 'a URL starting with smtp:// or smtps://', fix: 'fix it (e.g. smtp://user:pass@host:587), or unset it' },
  emailFrom: { env: 'LEADPULSE_EMAIL_FROM', flag: null, group: 'email', secret: false, expected: 'an address such as news@example.fr or "Name <news@example.fr>"' },
  timeZone: { env: 'LEADPULSE_TIME_ZONE', flag: null, group: 'email', secret: false, expected: 'an IANA time zone such as Europe/Paris or UTC' },
  sendRate: { env: 'LEADPULSE_SEND_RATE', flag: null, group: 'email', secret: false, expected: 'a whole number of messages per second from 1 to 10000' },
  sendPipeline: { env: 'LEADPULSE_SEND_PIPELINE', flag: null, group: 'email', secret: false, expected: 'a whole number from 1 to 20' },
  dkimDomain: { env: 'LEADPULSE_DKIM_DOMAIN', flag: null, group: 'email', secret: false, expected: 'a domain name such as example.fr' },
  dkimSelector: { env: 'LEADPULSE_DKIM_SELECTOR', flag: null, group: 'email', secret: false, expected: 'a DNS label such as leadpulse' },
  dkimPrivateKey: { env: 'LEADPULSE_DKIM_PRIVATE_KEY', flag: null, group: 'email', secret: true, expected: 'a PEM private key, or the path of a file holding one' },
  bounceMaildir: { env: 'LEADPULSE_BOUNCE_MAILDIR', flag: null, group: 'email', secret: false, expected: 'a folder path (a Maildir with new/ and cur/)' },
  webhooksPrivate: { env: 'LEADPULSE_WEBHOOKS_PRIVATE', flag: null, group: 'email', secret: false, expected: '1 or 0' },
  smsUrl: {
    env: 'LEADPULSE_SMS_URL',
    flag: null,
    group: 'email',
    secret: true,
    expected: 'an http(s) URL with the account and token as user and password, and ?from= the sender number',
    fix: 'fix it (e.g. https://SID:TOKEN@api.twilio.com/?from=+33612345678), or unset it',
  },
  metaAccessToken: { env: 'LEADPULSE_META_ACCESS_TOKEN', flag: null, group: 'ads', secret: true, expected: 'a Meta access token' },
  metaAdAccount: { env: 'LEADPULSE_META_AD_ACCOUNT', flag: null, group: 'ads', secret: false, expected: 'an ad account id such as act_1234567890' },
  metaApiUrl: { env: 'LEADPULSE_META_API_URL', flag: null, group: 'ads', secret: false, expected: 'a URL starting with http:// or https://' },
  googleAdsDeveloperToken: { env: 'LEADPULSE_GOOGLE_ADS_DEVELOPER_TOKEN', flag: null, group: 'ads', secret: true, expected: 'a Google Ads developer token' },
  googleAdsCustomerId: { env: 'LEADPULSE_GOOGLE_ADS_CUSTOMER_ID', flag: null, group: 'ads', secret: false, expected: 'a customer id such as 123-456-7890' },
  googleAdsLoginCustomerId: { env: 'LEADPULSE_GOOGLE_ADS_LOGIN_CUSTOMER_ID', flag: null, group: 'ads', secret: false, expected: 'a manager account id such as 123-456-7890' },
  googleAdsClientId: { env: 'LEADPULSE_GOOGLE_ADS_CLIENT_ID', flag: null, group: 'ads', secret: false, expected: 'an OAuth client id' },
  googleAdsClientSecret: { env: 'LEADPULSE_GOOGLE_ADS_CLIENT_SECRET', flag: null, group: 'ads', secret: true, expected: 'an OAuth client secret' },
  googleAdsRefreshToken: { env: 'LEADPULSE_GOOGLE_ADS_REFRESH_TOKEN', flag: null, group: 'ads', secret: true, expected: 'an OAuth refresh token' },
  googleAdsApiUrl: { env: 'LEADPULSE_GOOGLE_ADS_API_URL', flag: null, group: 'ads', secret: false, expected: 'a URL starting with http:// or https://' },
  googleOauthUrl: { env: 'LEADPULSE_GOOGLE_OAUTH_URL', flag: null, group: 'ads', secret: false, expected: 'a URL starting with http:// or https://' },
  metaPixelId: { env: 'LEADPULSE_META_PIXEL_ID', flag: null, group: 'ads', secret: false, expected: 'a pixel id (digits)' },
  metaTestEventCode: { env: 'LEADPULSE_META_TEST_EVENT_CODE', flag: null, group: 'ads', secret: false, expected: 'a test event code such as TEST12345' },
  googleAdsConversionActions: { env: 'LEADPULSE_GOOGLE_ADS_CONVERSION_ACTIONS', flag: null, group: 'ads', secret: false, expected: 'a list such as Purchase=123456789,Lead=987654321' },
  conversionEvents: { env: 'LEADPULSE_CONVERSION_EVENTS', flag: null, group: 'ads', secret: false, expected: 'a list such as Order Completed=Purchase,Form Submitted=Lead' },
  conversionCurrency: { env: 'LEADPULSE_CONVERSION_CURRENCY', flag: null, group: 'ads', secret: false, expected: 'a three-letter currency code such as EUR' },
  ingestBatchMax: { env: 'LEADPULSE_INGEST_BATCH_MAX', flag: null, group: 'ingestion', secret: false, expected: 'a whole number from 1 to 100000' },
  ingestFlushMs: { env: 'LEADPULSE_INGEST_FLUSH_MS', flag: null, group: 'ingestion', secret: false, expected: 'a whole number from 0 to 1000' },
  schedulerIntervalMs: { env: 'LEADPULSE_SCHEDULER_INTERVAL_MS', flag: null, group: 'ingestion', secret: false, expected: 'a whole number from 50 to 3600000' },
  modelRetrainDays: { env: 'LEADPULSE_MODEL_RETRAIN_DAYS', flag: null, group: 'ingestion', secret: false, expected: 'a whole number of days from 0 to 365' },
  demo: { env: 'LEADPULSE_DEMO', flag: '--demo', group: 'demo', secret: false, expected: '1 or 0' },
  demoSite: { env: 'LEADPULSE_DEMO_SITE', flag: '--demo-site', group: 'demo', secret: false, expected: '1 or 0' },
  demoSitePort: { env: 'LEADPULSE_DEMO_SITE_PORT', flag: '--demo-site-port', group: 'demo', secret: false, expected: 'a whole number from 0 to 65535' },
  logLevel: { env: 'LEADPULSE_LOG_LEVEL', flag: '--log-level', group: 'logging', secret: false, expected: `one of ${LOG_LEVELS.join(', ')}` },
};

export interface ConfigKey extends ConfigMeta {
  readonly field: ConfigField;
  readonly description: string;
  /** The default as it would be written in the environment; null when unset by default. */
  readonly default: string | null;
}

/** The value as one would write it in the environment: booleans as 1 and 0. */
export function toEnvValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Every default, as the schema gives it when nothing is set. */
export const configDefaults = configSchema.parse({});

/** Every setting with its metadata, description and default, in documentation order. */
export const CONFIG_KEYS: readonly ConfigKey[] = (Object.keys(CONFIG_META) as ConfigField[]).map((field) => ({
  field,
  ...CONFIG_META[field],
  description: configSchema.shape[field].description ?? '',
  default: toEnvValue(configDefaults[field]),
}));
