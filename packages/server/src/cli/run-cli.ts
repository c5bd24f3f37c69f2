import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { configCommand, configHelp } from './config-command.js';
import { COSTS_HELP, costsCommand } from './costs-command.js';
import { DEMO_HELP, demoCommand } from './demo-command.js';
import { REPORT_HELP, reportCommand } from './report-command.js';
import { DOCTRINE_HELP, doctrineCommand } from './doctrine-command.js';
import { IMPORT_HELP, importCommand } from './import-command.js';
import { KEYS_HELP, keysCommand } from './keys-command.js';
import { RECLASSIFY_HELP, reclassifyCommand } from './reclassify-command.js';
import { FEEDBACK_HELP, feedbackCommand } from './feedback-command.js';
import { SCENARIOS_HELP, scenariosCommand } from './scenarios-command.js';
import { SEGMENTS_HELP, segmentsCommand } from './segments-command.js';
import { MODEL_HELP, modelCommand } from './model-command.js';
import { USERS_HELP, usersCommand } from './users-command.js';
import { DEMO_SITE_HELP, SERVE_HELP, serveCommand, type StopSignals } from './serve-command.js';

// src/cli and dist/cli both sit two folders below the package's package.json.
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const HELP = `LeadPulse ${VERSION}: classify every contact live as cold, warm, hot or client, and say why.

Usage: leadpulse <command> [options]

Commands:
  serve                      start the API and the scheduler
  import <file>              import NDJSON Segment events, or CSV with --mapping <mapping.json>
  reclassify [--dry-run] [--as-of DATE]
                             replay the whole history under the active doctrine (as of a past instant)
  doctrine validate <file>   check a doctrine file (no store needed)
  doctrine suggest|use       rank the presets on your own history; make one the active doctrine
  keys list|create|revoke    manage write keys and admin tokens
  users list|add|remove|set-role|reset-password
                             manage dashboard users and their roles (admin, marketer, sales)
  demo                       load the demo dataset into the configured store
  demo-site                  serve, plus the demo company's website with the tracker installed
  report <name>              tunnel, blocking-points, costs, campaigns, doctrine-check or scenarios
                             (table, csv or json)
  costs list|add|import      record what channels and field prospecting cost
  scenarios list|validate|import|export|simulate
                             manage follow-up scenarios; dry-run one on a virtual clock
  segments list|count|export list saved segments, count members (or an unsaved --where file), export CSV
  model train|show|evaluate  train the predictive score, show its model card, score other data with it
  feedback read <dir|file>   import bounce (DSN) and complaint (ARF) reports from files or a Maildir
  config                     print the effective configuration

Options for every command:
  -h, --help      this help, or a command's help (\`leadpulse import --help\`)
  --version       print the version
  --verbose       on failure, print the stack trace too

Commands read the LEADPULSE_* environment variables (see \`leadpulse config --help\`).
Exit codes: 0 success, 1 failure, 2 bad usage or input.`;

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
  'demo-site': { type: 'boolean' },
  'demo-site-port': { type: 'string' },
  'dry-run': { type: 'boolean' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  mapping: { type: 'string' },
  kind: { type: 'string' },
  label: { type: 'string' },
  origin: { type: 'string', multiple: true },
  visitors: { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean' },
  by: { type: 'string' },
  format: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  channel: { type: 'string' },
  campaign: { type: 'string' },
  amount: { type: 'string' },
  currency: { type: 'string' },
  note: { type: 'string' },
  segment: { type: 'string' },
  'by-campaign': { type: 'boolean' },
  wide: { type: 'boolean' },
  horizon: { type: 'string' },
  'quiet-after': { type: 'string' },
  top: { type: 'string' },
  'as-of': { type: 'string' },
  until: { type: 'string' },
  out: { type: 'string' },
  contact: { type: 'string', multiple: true },
  events: { type: 'string' },
  where: { type: 'string' },
  data: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;

const STORE: readonly OptionName[] = ['data-dir', 'database-url', 'log-level'];
const SERVER: readonly OptionName[] = [...STORE, 'port', 'host', 'public-url', 'role', 'trust-proxy', 'demo', 'demo-site', 'demo-site-port'];

interface Command {
  readonly help: () => string;
  /** Flags this command takes besides --help, --version and --verbose. */
  readonly options: readonly OptionName[];
  readonly maxPositionals: number;
  readonly run: (io: CliIo, positionals: string[], flags: CliFlags, signals: StopSignals) => Promise<number> | number;
}

const COMMANDS: Record<string, Command> = {
  serve: { help: () => SERVE_HELP, options: [...SERVER, 'demo-if-empty'], maxPositionals: 0, run: (io, _, flags, signals) => serveCommand(io, flags, signals) },
  'demo-site': {
    help: () => DEMO_SITE_HELP,
    options: [...SERVER, 'demo-if-empty'],
    maxPositionals: 0,
    run: (io, _, flags, signals) => serveCommand(io, { ...flags, 'demo-site': true }, signals),
  },
  import: { help: () => IMPORT_HELP, options: [...STORE, 'mapping', 'as-of'], maxPositionals: 1, run: (io, positionals, flags) => importCommand(io, positionals, flags) },
  reclassify: { help: () => RECLASSIFY_HELP, options: [...STORE, 'dry-run', 'as-of'], maxPositionals: 0, run: (io, _, flags) => reclassifyCommand(io, flags) },
  doctrine: { help: () => DOCTRINE_HELP, options: [...STORE, 'horizon', 'format'], maxPositionals: 2, run: (io, positionals, flags) => doctrineCommand(io, positionals, flags) },
  keys: { help: () => KEYS_HELP, options: [...STORE, 'kind', 'label', 'origin'], maxPositionals: 2, run: (io, positionals, flags) => keysCommand(io, positionals, flags) },
  users: { help: () => USERS_HELP, options: [...STORE, 'role', 'name', 'password-stdin'], maxPositionals: 3, run: (io, positionals, flags) => usersCommand(io, positionals, flags) },
  demo: { help: () => DEMO_HELP, options: [...STORE, 'visitors', 'seed', 'force'], maxPositionals: 0, run: (io, _, flags) => demoCommand(io, flags) },
  report: {
    help: () => REPORT_HELP,
    options: [...STORE, 'from', 'to', 'by', 'channel', 'by-campaign', 'horizon', 'quiet-after', 'top', 'format', 'wide', 'as-of'],
    maxPositionals: 1,
    run: (io, positionals, flags) => reportCommand(io, positionals, flags),
  },
  costs: {
    help: () => COSTS_HELP,
    options: [...STORE, 'from', 'to', 'channel', 'campaign', 'kind', 'amount', 'currency', 'note', 'segment'],
    maxPositionals: 2,
    run: (io, positionals, flags) => costsCommand(io, positionals, flags),
  },
  feedback: { help: () => FEEDBACK_HELP, options: [...STORE], maxPositionals: 2, run: (io, positionals, flags) => feedbackCommand(io, positionals, flags) },
  scenarios: {
    help: () => SCENARIOS_HELP,
    options: [...STORE, 'format', 'out', 'from', 'until', 'contact', 'events'],
    maxPositionals: 2,
    run: (io, positionals, flags) => scenariosCommand(io, positionals, flags),
  },
  model: {
    help: () => MODEL_HELP,
    options: [...STORE, 'format', 'horizon', 'data', 'mapping'],
    maxPositionals: 1,
    run: (io, positionals, flags) => modelCommand(io, positionals, flags),
  },
  segments: {
    help: () => SEGMENTS_HELP,
    options: [...STORE, 'format', 'out', 'where'],
    maxPositionals: 2,
    run: (io, positionals, flags) => segmentsCommand(io, positionals, flags),
  },
  config: { help: configHelp, options: SERVER, maxPositionals: 0, run: (io, _, flags) => configCommand(io, flags) },
};

const ALWAYS = new Set<string>(['help', 'version', 'verbose']);

/** Parses argv, runs one command and returns its exit code. Tests call it in-process. */
export async function runCli(argv: readonly string[], io: CliIo, signals: StopSignals = { onStop: () => {} }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    io.stderr.write(`${(cause as Error).message}\n\nRun \`leadpulse --help\` for usage.\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.version) return void io.stdout.write(`${VERSION}\n`), EXIT.ok;
  if (!name) {
    (values.help ? io.stdout : io.stderr).write(`${HELP}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${HELP}\n`);
    return EXIT.usage;
  }
  if (values.help) return void io.stdout.write(`${command.help()}\n`), EXIT.ok;
  const foreign = Object.keys(values).filter((flag) => !ALWAYS.has(flag) && !command.options.includes(flag as OptionName));
  if (foreign.length > 0) {
    io.stderr.write(`leadpulse ${name} does not take ${foreign.map((f) => `--${f}`).join(', ')}.\n\n${command.help()}\n`);
    return EXIT.usage;
  }
  if (rest.length > command.maxPositionals) {
    io.stderr.write(`leadpulse ${name}: unexpected argument "${rest[command.maxPositionals]}".\n\n${command.help()}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(io, rest, values, signals);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`leadpulse ${name} failed: ${(error as Error).message}${values.verbose ? '' : ' (run again with --verbose for details)'}\n`);
    if (values.verbose) io.stderr.write(`${(error as Error).stack}\n${causeChain(error)}`);
    return EXIT.failure;
  }
}

function causeChain(error: unknown): string {
  let out = '';
  for (let cause = (error as Error).cause; cause instanceof Error; cause = cause.cause) out += `caused by: ${cause.stack}\n`;
  return out;
}
