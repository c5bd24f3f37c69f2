import { describeConfig } from '../config/load-config.js';
import { renderConfigDocs } from '../config/render-config-docs.js';
import { EXIT, printTable, type CliIo } from './cli-io.js';
import { configFrom } from './open-server.js';

export const CONFIG_HELP = `Usage: leadpulse config

Prints the effective configuration, where each value comes from (default, env or flag), secrets masked.
Every variable is described in docs/configuration.md.`;

export function configCommand(io: CliIo, flags: Record<string, string | boolean | undefined>): number {
  if (flags['help']) {
    io.stdout.write(`${CONFIG_HELP}\n\n${renderConfigDocs()}\n`);
    return EXIT.ok;
  }
  const { config, sources } = configFrom(io, flags);
  printTable(io, [['variable', 'value', 'source'], ...describeConfig(config, sources).map((row) => [row.env, row.value, row.source])]);
  return EXIT.ok;
}
