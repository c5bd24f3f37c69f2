/** Every setting, described once. `docs/configuration.md` and `leadpulse config --help` are generated from this list. */
export type ConfigGroup = 'server' | 'storage' | 'security' | 'email' | 'ingestion' | 'demo' | 'logging';

export interface ConfigKey {
  readonly env: string;
  readonly flag: string | null;
  readonly field: keyof Config;
  readonly group: ConfigGroup;
  readonly secret: boolean;
  readonly default: string | null;
  readonly description: string;
  /** Returns the parsed value, or the expectation to print with the variable's name. */
  readonly parse: (raw: string) => { value: unknown } | { expected: string };
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly adminToken?: string;
  readonly writeKey?: string;
  readonly smtpUrl?: string;
  readonly publicUrl?: string;
  readonly demo: boolean;
  readonly role: 'all' | 'api' | 'worker';
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly schedulerIntervalMs: number;
  readonly ingestBatchMax: number;
  readonly ingestFlushMs: number;
}

const integer = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  return /^\d+$/.test(raw.trim()) && n >= min && n <= max ? { value: n } : { expected: `a whole number from ${min} to ${max}` };
};
const oneOf = (values: readonly string[]) => (raw: string) => (values.includes(raw) ? { value: raw } : { expected: `one of ${values.join(', ')}` });
const url = (schemes: readonly string[]) => (raw: string) => {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  return scheme && schemes.includes(scheme) ? { value: raw } : { expected: `a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}` };
};
const secret = (raw: string) => (raw.length >= 16 ? { value: raw } : { expected: 'at least 16 characters' });
const text = (raw: string) => (raw.trim() !== '' ? { value: raw } : { expected: 'a non-empty value' });
const flagBool = (raw: string) => (['1', 'true', 'yes'].includes(raw) ? { value: true } : ['0', 'false', 'no', ''].includes(raw) ? { value: false } : { expected: '1 or 0' });

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { env: 'LEADPULSE_PORT', flag: '--port', field: 'port', group: 'server', secret: false, default: '8080', description: 'HTTP port for the ingestion and admin APIs.', parse: integer(0, 65535) },
  { env: 'LEADPULSE_HOST', flag: '--host', field: 'host', group: 'server', secret: false, default: '0.0.0.0', description: 'Interface to listen on; 127.0.0.1 keeps LeadPulse private to this machine.', parse: text },
  { env: 'LEADPULSE_PUBLIC_URL', flag: '--public-url', field: 'publicUrl', group: 'server', secret: false, default: null, description: 'Public base URL, used in tracking links and printed snippets.', parse: url(['http', 'https']) },
  { env: 'LEADPULSE_ROLE', flag: '--role', field: 'role', group: 'server', secret: false, default: 'all', description: 'What this process does in a scale-out deployment: api (HTTP only), worker (scheduler only) or all.', parse: oneOf(['all', 'api', 'worker']) },
  { env: 'LEADPULSE_TRUST_PROXY', flag: '--trust-proxy', field: 'trustProxy', group: 'server', secret: false, default: '0', description: '1 when LeadPulse runs behind a load balancer or reverse proxy: the client address (truncated before storage) is then read from X-Forwarded-For.', parse: flagBool },
  { env: 'LEADPULSE_DATA_DIR', flag: '--data-dir', field: 'dataDir', group: 'storage', secret: false, default: './leadpulse-data', description: 'Folder of the embedded SQLite store (used when LEADPULSE_DATABASE_URL is unset).', parse: text },
  { env: 'LEADPULSE_DATABASE_URL', flag: '--database-url', field: 'databaseUrl', group: 'storage', secret: true, default: null, description: 'PostgreSQL URL for the scale-out store; unset means embedded SQLite in LEADPULSE_DATA_DIR.', parse: url(['postgres', 'postgresql']) },
  { env: 'LEADPULSE_ADMIN_TOKEN', flag: null, field: 'adminToken', group: 'security', secret: true, default: null, description: 'Bearer token of the admin API; unset means one is generated on first start, printed once and stored (as a hash).', parse: secret },
  { env: 'LEADPULSE_WRITE_KEY', flag: null, field: 'writeKey', group: 'security', secret: true, default: null, description: 'Write key for event senders (HTTP Basic username); unset means one is generated on first start, printed once and stored (as a hash).', parse: secret },
  { env: 'LEADPULSE_SMTP_URL', flag: null, field: 'smtpUrl', group: 'email', secret: true, default: null, description: 'SMTP server for outgoing email, e.g. smtp://user:pass@host:587.', parse: url(['smtp', 'smtps']) },
  { env: 'LEADPULSE_INGEST_BATCH_MAX', flag: null, field: 'ingestBatchMax', group: 'ingestion', secret: false, default: '2000', description: 'Most events written in one transaction; concurrent requests are grouped up to this size.', parse: integer(1, 100000) },
  { env: 'LEADPULSE_INGEST_FLUSH_MS', flag: null, field: 'ingestFlushMs', group: 'ingestion', secret: false, default: '2', description: 'How long an idle writer waits for more requests before committing (milliseconds).', parse: integer(0, 1000) },
  { env: 'LEADPULSE_SCHEDULER_INTERVAL_MS', flag: null, field: 'schedulerIntervalMs', group: 'ingestion', secret: false, default: '1000', description: 'How often contacts whose classification changes with time are re-evaluated (milliseconds).', parse: integer(50, 3600000) },
  { env: 'LEADPULSE_DEMO', flag: '--demo', field: 'demo', group: 'demo', secret: false, default: '0', description: '1 loads the demo dataset into an empty store at start.', parse: flagBool },
  { env: 'LEADPULSE_LOG_LEVEL', flag: '--log-level', field: 'logLevel', group: 'logging', secret: false, default: 'info', description: 'Log level: fatal, error, warn, info, debug, trace or silent.', parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) },
];
