import { pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { Logger } from '../app/ports.js';

/** Where log lines go: standard output, or a test's collector. */
export interface LogOutput {
  write(line: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * A pino logger at `level`, writing one JSON line per entry for log collectors, or, when the output is a terminal
 * (a person reading it beside `serve`'s banner), one readable line: `[12:04:31] INFO: http.request {"status":200,…}`.
 */
export function createLogger(level: string, output: LogOutput = process.stdout): Logger & pino.Logger {
  const settings = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (output.isTTY !== true) return output === process.stdout ? pino(settings) : pino(settings, { write: (line: string) => void output.write(line) });
  // pino-pretty's formatter, not its stream: lines stay synchronous and in order with what the CLI prints itself.
  // Entry names carry their scope (`http.request`, `ingest.rejected`), so the scope field is left out.
  const readable = prettyFactory({ translateTime: 'SYS:HH:MM:ss', ignore: 'scope', singleLine: true });
  return pino(settings, { write: (line: string) => void output.write(readable(line)) });
}

/** A logger that drops everything, for tests (LOG_LEVEL is honoured by the test server). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
