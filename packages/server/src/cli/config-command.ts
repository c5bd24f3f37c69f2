import { describeConfig } from '../config/load-config.js';
import { renderConfigText } from '../config/render-config-docs.js';
import { EXIT, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { configFrom } from './open-server.js';

export const CONFIG_HELP = `Usage: leadpulse config [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--public-url URL]
                        [--role all|api|worker] [--trust-proxy] [--demo] [--log-level L]

Prints the effective configuration: each variable's value and where it comes from (default, env or flag),
with secrets masked. The flags are those of \`leadpulse serve\`, to check what it would use.
Exit code 2 when a value is invalid, naming the variable and the fix.`;

export function configHelp(): string {
  return `${CONFIG_HELP}\n\nVariables (also in docs/configuration.md):\n\n${renderConfigText()}`;
}

export function configCommand(io: CliIo, flags: CliFlags): number {
  const config = configFrom(io, flags);
  const rows = describeConfig(config, { env: io.env, flags });
  printTable(io, [['variable', 'value', 'source'], ...rows.map((row) => [row.env, row.value, row.source])]);
  return EXIT.ok;
}
