import { pino } from 'pino';
import type { Logger } from '../app/ports.js';

export function createLogger(level: string): Logger & pino.Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that drops everything, for tests (LOG_LEVEL is honoured by the test server). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
