import { formatPath } from '@leadpulse/core';
import { loadConfig, type Source } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { buildServer, type LeadPulseServer } from '../main.js';
import { UsageError, type CliIo } from './cli-io.js';

/** Loads the configuration (exit 2 naming the variable on a bad value) and builds the server without listening. */
export function configFrom(io: CliIo, flags: Record<string, string | boolean | undefined>): { config: Config; sources: Record<string, Source> } {
  const loaded = loadConfig(io.env, flags);
  if (!loaded.ok) throw new UsageError(loaded.error.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('\n'));
  return loaded.value;
}

export async function openServer(io: CliIo, flags: Record<string, string | boolean | undefined>, options: { logLevel?: string } = {}): Promise<{ server: LeadPulseServer; config: Config }> {
  const { config } = configFrom(io, flags);
  // One-shot commands print their own summary; the server's info lines would only add noise.
  const logLevel = options.logLevel ?? (flags['verbose'] ? 'debug' : config.logLevel === 'info' ? 'warn' : config.logLevel);
  const server = await buildServer({ ...config, logLevel });
  return { server, config };
}
