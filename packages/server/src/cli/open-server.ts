import { DAY, type EpochMs } from '@leadpulse/core';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { buildServer, type LeadPulseServer, type ServerOverrides } from '../main.js';
import { UsageError, type CliFlags, type CliIo } from './cli-io.js';

/** Loads the configuration from the environment and flags; a bad value is a usage error (exit 2) naming the variable. */
export function configFrom(io: CliIo, flags: CliFlags): Config {
  const loaded = loadConfig(io.env, flags);
  // Each message starts with the variable's name (its path), so it is printed alone.
  if (!loaded.ok) throw new UsageError(loaded.error.map((issue) => issue.message).join('\n'));
  return loaded.value;
}

/**
 * `--as-of DATE`: the instant a one-shot command classifies at, instead of now (a date means its end). A past
 * dataset imported or replayed as of its end shows its stages as they stood then, not after every window closed.
 */
export function asOfFlag(flags: CliFlags): EpochMs | undefined {
  const raw = flags['as-of'];
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const at = /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--as-of: expected a date such as 2019-12-31 or an ISO date-time, got "${String(raw)}".`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? at + DAY : at;
}

/** Builds the server on the configured store without listening, for one-shot commands. */
export async function openServer(io: CliIo, flags: CliFlags, overrides: ServerOverrides = {}): Promise<{ server: LeadPulseServer; config: Config }> {
  const config = configFrom(io, flags);
  // One-shot commands print their own summary: at the default level the server's info lines would only add
  // noise, and --verbose asks for debug lines. A level set on purpose is kept.
  const logLevel = config.logLevel !== 'info' ? config.logLevel : flags['verbose'] ? 'debug' : 'warn';
  const server = await buildServer({ ...config, logLevel }, overrides);
  // A store created by a one-shot command (an import first, say) has secrets nobody would see otherwise.
  const { adminToken, writeKey } = server.generated;
  if (adminToken || writeKey) {
    io.stderr.write('Generated on this first use of the store. They are stored as hashes and will not be shown again:\n');
    if (adminToken) io.stderr.write(`  admin token  ${adminToken}\n`);
    if (writeKey) io.stderr.write(`  write key    ${writeKey}\n`);
  }
  return { server, config };
}
