import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './cli-io.js';

/**
 * Reads a JSON document a command was given, or stops with a usage error that names the file and, for a syntax
 * error, the line: `doctrine.json:12: not valid JSON: …`.
 */
export function readJsonFile(file: string | undefined, missing: string): { text: string; json: unknown } {
  if (!file) throw new UsageError(missing);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const text = readFileSync(file, 'utf8');
  try {
    return { text, json: JSON.parse(text) };
  } catch (cause) {
    const message = (cause as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    throw new UsageError(`${file}:${line}: not valid JSON: ${message}`);
  }
}
