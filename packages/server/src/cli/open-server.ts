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

/** Builds the server on the configured store without listening, for one-shot commands. */
export async function openServer(io: CliIo, flags: CliFlags, overrides: ServerOverrides = {}): Promise<{ server: LeadPulseServer; config: Config }> {
  const config = configFrom(io, flags);
  // One-shot commands print their own summary: at the default level the server's info lines would only add
  // noise, and --verbose asks for debug lines. A level set on purpose is kept.
  const logLevel = config.logLevel !== 'info' ? config.logLevel : flags['verbose'] ? 'debug' : 'warn';
  const server = await buildServer({ ...config, logLevel }, overrides);
  return { server, config };
}
