import { err, ok, type Issue, type Result } from '@leadpulse/core';
import { CONFIG_KEYS, type Config } from './schema.js';

export type Source = 'default' | 'env' | 'flag';

/** The only place that reads process.env. */
export function readEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}

/**
 * Builds the configuration from environment variables and CLI flags (flags win). Pure: a bad value
 * comes back as an issue naming the variable, what it expects and how to fix it.
 */
export function loadConfig(env: Record<string, string | undefined>, flags: Record<string, string | boolean | undefined> = {}): Result<{ config: Config; sources: Record<string, Source> }, Issue[]> {
  const values: Record<string, unknown> = {};
  const sources: Record<string, Source> = {};
  const issues: Issue[] = [];
  for (const key of CONFIG_KEYS) {
    const flagValue = key.flag ? flags[key.flag.replace(/^--/, '')] : undefined;
    const raw = flagValue !== undefined ? (flagValue === true ? '1' : String(flagValue)) : env[key.env];
    const source: Source = flagValue !== undefined ? 'flag' : raw !== undefined && raw !== '' ? 'env' : 'default';
    const chosen = source === 'default' ? key.default : raw!;
    sources[key.env] = source;
    if (chosen === null) continue;
    const parsed = key.parse(chosen);
    if ('expected' in parsed) {
      const shown = key.secret ? '(hidden)' : JSON.stringify(chosen);
      const fix = key.default !== null ? `set ${key.env}=${key.default} or unset it` : `fix it or unset ${key.env}`;
      issues.push({ code: 'invalid_config', path: [source === 'flag' ? key.flag! : key.env], message: `${key.env} must be ${parsed.expected}, got ${shown}; ${fix}.` });
    } else values[key.field] = parsed.value;
  }
  return issues.length > 0 ? err(issues) : ok({ config: values as unknown as Config, sources });
}

/** Effective values and where each came from, secrets masked, for `leadpulse config`. */
export function describeConfig(config: Config, sources: Record<string, Source>): { env: string; value: string; source: Source }[] {
  return CONFIG_KEYS.map((key) => {
    const value = config[key.field];
    const shown = value === undefined ? '(unset)' : key.secret ? maskSecret(String(value)) : String(value);
    return { env: key.env, value: shown, source: sources[key.env] ?? 'default' };
  });
}

function maskSecret(value: string): string {
  const credentials = /^([a-z+]+:\/\/)([^@]*)@/i.exec(value);
  if (credentials) return value.replace(credentials[2]!, '****');
  if (/^[a-z+]+:\/\//i.test(value)) return value;
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}
