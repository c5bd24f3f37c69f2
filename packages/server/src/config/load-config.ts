import { err, ok, type Issue, type Result } from '@leadpulse/core';
import { CONFIG_KEYS, configSchema, toEnvValue, type Config, type ConfigKey } from './schema.js';

export type ConfigSource = 'default' | 'env' | 'flag';
export type ConfigEnv = Readonly<Record<string, string | undefined>>;
/** Parsed command-line flags by name without dashes (`{ port: '9000', demo: true }`); other flags are ignored. */
export type ConfigFlags = Readonly<Record<string, unknown>>;

/** The only place that reads process.env. */
export function readEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}

/** Where a key's value comes from: a flag beats the environment; an empty variable counts as unset. */
function rawValue(key: ConfigKey, env: ConfigEnv, flags: ConfigFlags): { raw: string | undefined; source: ConfigSource } {
  const flag = key.flag ? flags[key.flag.replace(/^--/, '')] : undefined;
  if (typeof flag === 'string') return { raw: flag, source: 'flag' };
  if (flag === true) return { raw: '1', source: 'flag' };
  const fromEnv = env[key.env];
  return fromEnv !== undefined && fromEnv !== '' ? { raw: fromEnv, source: 'env' } : { raw: undefined, source: 'default' };
}

function describeRejected(key: ConfigKey, raw: string, source: ConfigSource): string {
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)/i.exec(raw)?.[1];
  const shown = !key.secret ? JSON.stringify(raw) : scheme ? `a "${scheme}" URL` : `${raw.length} characters`;
  if (source === 'flag') {
    const fix = key.default !== null ? `pass ${key.flag} ${key.default} or leave it out` : `fix it or leave ${key.flag} out`;
    return `${key.flag} (${key.env}) must be ${key.expected}, got ${shown}; ${fix}.`;
  }
  const fix = key.fix ?? (key.default !== null ? `set ${key.env}=${key.default} or unset it` : `fix it or unset ${key.env}`);
  return `${key.env} must be ${key.expected}, got ${shown}; ${fix}.`;
}

/**
 * Builds the configuration from environment variables and CLI flags (flags win). Pure: every bad value comes
 * back as an issue whose path is the variable's name and whose message says what is expected and how to fix it.
 */
export function loadConfig(env: ConfigEnv, flags: ConfigFlags = {}): Result<Config, Issue[]> {
  const input: Record<string, string | undefined> = {};
  const sources = new Map<string, ConfigSource>();
  for (const key of CONFIG_KEYS) {
    const { raw, source } = rawValue(key, env, flags);
    input[key.field] = raw;
    sources.set(key.field, source);
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const rejected = new Set(parsed.error.issues.map((issue) => issue.path[0]));
  const issues = CONFIG_KEYS.filter((key) => rejected.has(key.field)).map(
    (key): Issue => ({ code: 'invalid_config', path: [key.env], message: describeRejected(key, input[key.field] ?? '', sources.get(key.field)!) }),
  );
  return err(issues);
}

export interface ConfigRow {
  readonly env: string;
  readonly value: string;
  readonly source: ConfigSource;
}

/**
 * The effective values for `leadpulse config`, in documentation order, with where each came from (given the same
 * env and flags loadConfig read) and secrets masked.
 */
export function describeConfig(config: Config, inputs: { env: ConfigEnv; flags?: ConfigFlags }): ConfigRow[] {
  return CONFIG_KEYS.map((key) => {
    const value = toEnvValue(config[key.field]);
    const shown = value === null ? '(unset)' : key.secret ? maskSecret(value) : value;
    return { env: key.env, value: shown, source: rawValue(key, inputs.env, inputs.flags ?? {}).source };
  });
}

/** Keeps what helps to recognise a secret (a URL's scheme and host, a key's prefix) and hides the rest. */
export function maskSecret(value: string): string {
  if (URL.canParse(value) && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const url = new URL(value);
    if (url.username) url.username = '****';
    if (url.password) url.password = '****';
    return url.toString();
  }
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}
