import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { CONFIG_HELP, configCommand } from './config-command.js';
import { DEMO_HELP, demoCommand } from './demo-command.js';
import { DOCTRINE_HELP, doctrineCommand } from './doctrine-command.js';
import { IMPORT_HELP, importCommand } from './import-command.js';
import { KEYS_HELP, keysCommand } from './keys-command.js';
import { RECLASSIFY_HELP, reclassifyCommand } from './reclassify-command.js';
import { SERVE_HELP, serveCommand } from './serve-command.js';

export const VERSION = '0.1.0';

export const HELP = `LeadPulse ${VERSION}: classify every contact live as cold, warm, hot or client, and say why.

Usage: leadpulse <command> [options]

Commands:
  serve                      start the API and the scheduler
  import <file>              import NDJSON Segment events, or CSV with --mapping <mapping.json>
  reclassify [--dry-run]     replay the whole history under the active doctrine
  doctrine validate <file>   check a doctrine file
  keys list|create|revoke    manage write keys and admin tokens
  demo                       load the demo dataset into the configured store
  config                     print the effective configuration

Every command reads the LEADPULSE_* environment variables (see \`leadpulse config --help\`).
Run \`leadpulse <command> --help\` for a command's options. Exit codes: 0 success, 1 failure, 2 bad usage or input.`;

const HELPS: Record<string, string> = { serve: SERVE_HELP, import: IMPORT_HELP, reclassify: RECLASSIFY_HELP, doctrine: DOCTRINE_HELP, keys: KEYS_HELP, demo: DEMO_HELP, config: CONFIG_HELP };

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  verbose: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'public-url': { type: 'string' },
  role: { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'log-level': { type: 'string' },
  demo: { type: 'boolean' },
  'demo-if-empty': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  mapping: { type: 'string' },
  kind: { type: 'string' },
  label: { type: 'string' },
  origin: { type: 'string', multiple: true },
  visitors: { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** Parses argv, runs one command and returns its exit code. Tests call it in-process. */
export async function runCli(argv: readonly string[], io: CliIo, signals = { onStop: (_handler: () => void) => {} }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    io.stderr.write(`${(cause as Error).message}\n\nRun \`leadpulse --help\` for usage.\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) return void io.stdout.write(`${VERSION}\n`), EXIT.ok;
  if (!command) {
    (values.help ? io.stdout : io.stderr).write(`${HELP}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (values.help && command !== 'config') {
    const help = HELPS[command];
    (help ? io.stdout : io.stderr).write(`${help ?? `Unknown command "${command}".\n\n${HELP}`}\n`);
    return help ? EXIT.ok : EXIT.usage;
  }
  const flags = values as Record<string, string | boolean | undefined>;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(io, flags, signals);
      case 'import':
        return await importCommand(io, rest, flags);
      case 'reclassify':
        return await reclassifyCommand(io, flags);
      case 'doctrine':
        return doctrineCommand(io, rest);
      case 'keys':
        return await keysCommand(io, rest, values);
      case 'demo':
        return await demoCommand(io, flags);
      case 'config':
        return configCommand(io, flags);
      default:
        io.stderr.write(`Unknown command "${command}".\n\n${HELP}\n`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`leadpulse ${command} failed: ${(error as Error).message}\n`);
    if (values.verbose) io.stderr.write(`${(error as Error).stack}\n`);
    return EXIT.failure;
  }
}
